# PLACEHOLDER written by the cluster branch so `npm run cluster` can start Varnish: the edge-cache work (surrogate
# keys, xkey purges on every invalidation) replaces this file. Varnish 7.1 (Debian's varnish).
# The first backend's .host and .port are rewritten by `npm run cluster` to point at HAProxy.
vcl 4.1;

backend default {
    .host = "127.0.0.1";
    .port = "8080";
}

sub vcl_recv {
    # Staff requests (a session cookie or an API key) are never cached at the edge.
    if (req.http.Authorization || req.http.Cookie ~ "payload-token") {
        return (pass);
    }
}

sub vcl_backend_response {
    # Only what the app marks public is kept; everything else passes (Varnish's default caches 2 minutes).
    if (beresp.http.Cache-Control !~ "public") {
        set beresp.uncacheable = true;
        return (deliver);
    }
}
