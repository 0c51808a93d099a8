vcl 4.1;
# The edge cache in front of the newsroom (Debian's varnish 7.1 with varnish-modules for xkey):
#   varnishd -a :80 -f /etc/varnish/default.vcl -s malloc,256m
# It keeps only the public responses the app marks with Surrogate-Control (published stories, lists, feeds,
# sitemaps), tagged with the document keys in their `xkey` header, and drops every response carrying a key when
# an app process sends `PURGE` with that key (EDGE_PURGE_URLS). Everything else goes to the app on every request.
# Set the backend to HAProxy (deploy/haproxy/haproxy.cfg) or a single app process, and list the app hosts in
# the purgers ACL.

import std;
import xkey;

backend app {
    .host = "127.0.0.1";
    .port = "8080";
    .connect_timeout = 2s;
    .first_byte_timeout = 30s;
    .probe = {
        .url = "/healthz";
        .interval = 2s;
        .timeout = 1s;
        .window = 3;
        .threshold = 2;
        .initial = 2;
    }
}

# Only the app processes may purge (client.ip is the TCP peer; no forwarded header can change it).
acl purgers {
    "127.0.0.1";
    "::1";
}

sub vcl_recv {
    if (req.method == "PURGE") {
        if (client.ip !~ purgers) {
            return (synth(403, "Purging is allowed only from the app hosts listed in the purgers ACL of the VCL."));
        }
        if (!req.http.xkey) {
            return (synth(400, "A purge names the document keys to drop in an xkey header."));
        }
        set req.http.X-Purged = xkey.purge(req.http.xkey);
        return (synth(200, "Purged " + req.http.X-Purged + " objects."));
    }
    if (req.method != "GET" && req.method != "HEAD") {
        return (pass);
    }
    # Staff and anything personal: the admin, previews, drafts, and every request with a cookie or credentials
    # (the session cookie, a JWT, an API key). The app marks such answers private as well.
    if (req.url ~ "^/(admin|preview)(/|\?|$)" || req.url ~ "[?&]draft=true" || req.http.Authorization || req.http.Cookie) {
        return (pass);
    }
    # Grace: while the app answers, an expired response is served at most 10 s while a fresh one is fetched; while
    # it does not, up to the response's own stale-if-error (EDGE_STALE_IF_ERROR_SECONDS).
    if (std.healthy(req.backend_hint)) {
        set req.grace = 10s;
    }
    return (hash);
}

sub vcl_hash {
    # The path with its whole query string, as the app's own response cache keys it (no reordering: the app
    # does not treat reordered parameters as one request either).
    hash_data(req.url);
    if (req.http.host) {
        hash_data(req.http.host);
    } else {
        hash_data(server.ip);
    }
    return (lookup);
}

sub vcl_backend_response {
    if (beresp.status == 200 && !beresp.http.Set-Cookie && beresp.http.Surrogate-Control ~ "max-age=[0-9]+") {
        set beresp.ttl = std.duration(regsub(beresp.http.Surrogate-Control, "^.*max-age=([0-9]+).*$", "\1s"), 0s);
        if (beresp.http.Surrogate-Control ~ "stale-if-error=[0-9]+") {
            set beresp.grace = std.duration(regsub(beresp.http.Surrogate-Control, "^.*stale-if-error=([0-9]+).*$", "\1s"), 0s);
        } else {
            set beresp.grace = 0s;
        }
        set beresp.keep = 0s;
        return (deliver);
    }
    # Not for the edge (drafts, staff answers, errors, responses without keys): fetched for every request, and
    # concurrent requests are not queued behind one another.
    set beresp.uncacheable = true;
    set beresp.ttl = 1s;
    set beresp.grace = 0s;
    return (deliver);
}

sub vcl_deliver {
    # The keys and the edge's own lifetime are for this cache only; readers get the app's Cache-Control.
    unset resp.http.xkey;
    unset resp.http.Surrogate-Key;
    unset resp.http.Cache-Tag;
    unset resp.http.Surrogate-Control;
    unset resp.http.CDN-Cache-Control;
    if (obj.uncacheable) {
        set resp.http.X-Edge-Cache = "PASS";
    } elsif (obj.hits > 0) {
        set resp.http.X-Edge-Cache = "HIT";
    } else {
        set resp.http.X-Edge-Cache = "MISS";
    }
}

sub vcl_synth {
    set resp.http.Content-Type = "text/plain; charset=utf-8";
    set resp.body = resp.reason;
    return (deliver);
}
