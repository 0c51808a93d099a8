import { MigrateUpArgs, MigrateDownArgs, sql } from '@payloadcms/db-postgres'

export async function up({ db, payload, req }: MigrateUpArgs): Promise<void> {
  await db.execute(sql`
   CREATE TYPE "public"."enum_articles_reader_notes_kind" AS ENUM('correction', 'update', 'clarification');
  CREATE TYPE "public"."enum_articles_desk_check_waivers_check" AS ENUM('dek', 'seoTitle', 'seoDescription', 'topic');
  CREATE TYPE "public"."enum_articles_stage" AS ENUM('draft', 'in-review', 'changes-requested', 'approved', 'published', 'archived');
  CREATE TYPE "public"."enum_articles_status" AS ENUM('draft', 'published');
  CREATE TYPE "public"."enum__articles_v_version_reader_notes_kind" AS ENUM('correction', 'update', 'clarification');
  CREATE TYPE "public"."enum__articles_v_version_desk_check_waivers_check" AS ENUM('dek', 'seoTitle', 'seoDescription', 'topic');
  CREATE TYPE "public"."enum__articles_v_version_stage" AS ENUM('draft', 'in-review', 'changes-requested', 'approved', 'published', 'archived');
  CREATE TYPE "public"."enum__articles_v_version_status" AS ENUM('draft', 'published');
  CREATE TYPE "public"."enum_photo_credits_license" AS ENUM('staff', 'agency', 'courtesy', 'creative-commons', 'public-domain');
  CREATE TYPE "public"."enum_organizations_social_handles_platform" AS ENUM('x', 'instagram', 'facebook', 'bluesky', 'mastodon', 'threads', 'tiktok', 'youtube', 'other');
  CREATE TYPE "public"."enum_organizations_kind" AS ENUM('advocacy', 'news-agency', 'news-outlet', 'government', 'company', 'other');
  CREATE TYPE "public"."enum_calls_to_action_kind" AS ENUM('petition', 'donate', 'contact-representatives', 'social', 'follow', 'volunteer', 'pre-order', 'read-more', 'other');
  CREATE TYPE "public"."enum_calls_to_action_status" AS ENUM('active', 'closed');
  CREATE TYPE "public"."enum_article_transitions_from" AS ENUM('draft', 'in-review', 'changes-requested', 'approved', 'published', 'archived');
  CREATE TYPE "public"."enum_article_transitions_to" AS ENUM('draft', 'in-review', 'changes-requested', 'approved', 'published', 'archived');
  CREATE TYPE "public"."enum_workflow_alerts_kind" AS ENUM('missed-schedule', 'failed-schedule', 'overdue-review', 'attribution-problem', 'license-expired', 'cancelled-schedule');
  CREATE TYPE "public"."enum_users_role" AS ENUM('admin', 'editor', 'writer', 'api');
  CREATE TYPE "public"."enum_webhooks_events" AS ENUM('article.published', 'article.unpublished', 'article.updated');
  CREATE TYPE "public"."enum_webhook_deliveries_event" AS ENUM('article.published', 'article.unpublished', 'article.updated');
  CREATE TYPE "public"."enum_webhook_deliveries_status" AS ENUM('pending', 'retrying', 'succeeded', 'failed');
  CREATE TYPE "public"."enum_audit_events_action" AS ENUM('sign-in.succeeded', 'sign-in.failed', 'sign-in.second-factor-failed', 'second-factor.enrolled', 'second-factor.removed', 'passkey.added', 'passkey.removed', 'recovery-codes.regenerated', 'recovery-code.used', 'account.created', 'account.deleted', 'account.role-changed', 'account.password-changed', 'api-key.created', 'api-key.revoked', 'session.ended', 'sessions.ended-all', 'story.published', 'story.unpublished', 'story.scheduled', 'story.schedule-cancelled', 'document.deleted', 'settings.changed');
  CREATE TYPE "public"."enum_photo_metadata_writes_status" AS ENUM('written', 'failed');
  CREATE TYPE "public"."enum_payload_jobs_log_task_slug" AS ENUM('inline', 'checkScheduledPublishing', 'remindOverdueReviews', 'attributionAudit', 'withdrawExpiredImages', 'removeUntouchedDrafts', 'fillMissingSearchText', 'removeExpiredAuditEvents', 'writePhotoMetadata', 'deliverWebhook', 'schedulePublish');
  CREATE TYPE "public"."enum_payload_jobs_log_state" AS ENUM('failed', 'succeeded');
  CREATE TYPE "public"."enum_payload_jobs_task_slug" AS ENUM('inline', 'checkScheduledPublishing', 'remindOverdueReviews', 'attributionAudit', 'withdrawExpiredImages', 'removeUntouchedDrafts', 'fillMissingSearchText', 'removeExpiredAuditEvents', 'writePhotoMetadata', 'deliverWebhook', 'schedulePublish');
  CREATE TABLE "attribution_audit_recheck" (
  	"media_id" integer PRIMARY KEY NOT NULL,
  	"mark" bigint NOT NULL
  );
  
  CREATE TABLE "attribution_audit_suspects" (
  	"media_id" integer PRIMARY KEY NOT NULL
  );
  
  CREATE TABLE "articles_previous_slugs" (
  	"_order" integer NOT NULL,
  	"_parent_id" integer NOT NULL,
  	"id" varchar PRIMARY KEY NOT NULL,
  	"slug" varchar
  );
  
  CREATE TABLE "articles_contributors" (
  	"_order" integer NOT NULL,
  	"_parent_id" integer NOT NULL,
  	"id" varchar PRIMARY KEY NOT NULL,
  	"name" varchar,
  	"role" varchar
  );
  
  CREATE TABLE "articles_reader_notes" (
  	"_order" integer NOT NULL,
  	"_parent_id" integer NOT NULL,
  	"id" varchar PRIMARY KEY NOT NULL,
  	"kind" "enum_articles_reader_notes_kind" DEFAULT 'correction',
  	"text" varchar,
  	"time" timestamp(3) with time zone
  );
  
  CREATE TABLE "articles_desk_check_waivers" (
  	"_order" integer NOT NULL,
  	"_parent_id" integer NOT NULL,
  	"id" varchar PRIMARY KEY NOT NULL,
  	"check" "enum_articles_desk_check_waivers_check",
  	"note" varchar,
  	"waived_by_id" integer,
  	"waived_at" timestamp(3) with time zone
  );
  
  CREATE TABLE "articles" (
  	"id" serial PRIMARY KEY NOT NULL,
  	"title" varchar,
  	"slug" varchar,
  	"dek" varchar,
  	"hero_image_id" integer,
  	"hero_caption" varchar,
  	"body" jsonb,
  	"social_image_id" integer,
  	"published_at" timestamp(3) with time zone,
  	"stage" "enum_articles_stage" DEFAULT 'draft',
  	"is_live" boolean DEFAULT false,
  	"saved_by_id" integer,
  	"reviewer_id" integer,
  	"due_at" timestamp(3) with time zone,
  	"approved_by_id" integer,
  	"content_hash" varchar,
  	"import_hash" varchar,
  	"search_text" varchar,
  	"meta_title" varchar,
  	"meta_description" varchar,
  	"updated_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
  	"created_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
  	"deleted_at" timestamp(3) with time zone,
  	"_status" "enum_articles_status" DEFAULT 'draft'
  );
  
  CREATE TABLE "articles_texts" (
  	"id" serial PRIMARY KEY NOT NULL,
  	"order" integer NOT NULL,
  	"parent_id" integer NOT NULL,
  	"path" varchar NOT NULL,
  	"text" varchar
  );
  
  CREATE TABLE "articles_rels" (
  	"id" serial PRIMARY KEY NOT NULL,
  	"order" integer,
  	"parent_id" integer NOT NULL,
  	"path" varchar NOT NULL,
  	"users_id" integer,
  	"organizations_id" integer,
  	"calls_to_action_id" integer,
  	"media_id" integer
  );
  
  CREATE TABLE "_articles_v_version_previous_slugs" (
  	"_order" integer NOT NULL,
  	"_parent_id" integer NOT NULL,
  	"id" serial PRIMARY KEY NOT NULL,
  	"slug" varchar,
  	"_uuid" varchar
  );
  
  CREATE TABLE "_articles_v_version_contributors" (
  	"_order" integer NOT NULL,
  	"_parent_id" integer NOT NULL,
  	"id" serial PRIMARY KEY NOT NULL,
  	"name" varchar,
  	"role" varchar,
  	"_uuid" varchar
  );
  
  CREATE TABLE "_articles_v_version_reader_notes" (
  	"_order" integer NOT NULL,
  	"_parent_id" integer NOT NULL,
  	"id" serial PRIMARY KEY NOT NULL,
  	"kind" "enum__articles_v_version_reader_notes_kind" DEFAULT 'correction',
  	"text" varchar,
  	"time" timestamp(3) with time zone,
  	"_uuid" varchar
  );
  
  CREATE TABLE "_articles_v_version_desk_check_waivers" (
  	"_order" integer NOT NULL,
  	"_parent_id" integer NOT NULL,
  	"id" serial PRIMARY KEY NOT NULL,
  	"check" "enum__articles_v_version_desk_check_waivers_check",
  	"note" varchar,
  	"waived_by_id" integer,
  	"waived_at" timestamp(3) with time zone,
  	"_uuid" varchar
  );
  
  CREATE TABLE "_articles_v" (
  	"id" serial PRIMARY KEY NOT NULL,
  	"parent_id" integer,
  	"version_title" varchar,
  	"version_slug" varchar,
  	"version_dek" varchar,
  	"version_hero_image_id" integer,
  	"version_hero_caption" varchar,
  	"version_body" jsonb,
  	"version_social_image_id" integer,
  	"version_published_at" timestamp(3) with time zone,
  	"version_stage" "enum__articles_v_version_stage" DEFAULT 'draft',
  	"version_is_live" boolean DEFAULT false,
  	"version_saved_by_id" integer,
  	"version_reviewer_id" integer,
  	"version_due_at" timestamp(3) with time zone,
  	"version_approved_by_id" integer,
  	"version_content_hash" varchar,
  	"version_import_hash" varchar,
  	"version_search_text" varchar,
  	"version_meta_title" varchar,
  	"version_meta_description" varchar,
  	"version_updated_at" timestamp(3) with time zone,
  	"version_created_at" timestamp(3) with time zone,
  	"version_deleted_at" timestamp(3) with time zone,
  	"version__status" "enum__articles_v_version_status" DEFAULT 'draft',
  	"created_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
  	"updated_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
  	"latest" boolean,
  	"autosave" boolean
  );
  
  CREATE TABLE "_articles_v_texts" (
  	"id" serial PRIMARY KEY NOT NULL,
  	"order" integer NOT NULL,
  	"parent_id" integer NOT NULL,
  	"path" varchar NOT NULL,
  	"text" varchar
  );
  
  CREATE TABLE "_articles_v_rels" (
  	"id" serial PRIMARY KEY NOT NULL,
  	"order" integer,
  	"parent_id" integer NOT NULL,
  	"path" varchar NOT NULL,
  	"users_id" integer,
  	"organizations_id" integer,
  	"calls_to_action_id" integer,
  	"media_id" integer
  );
  
  CREATE TABLE "media" (
  	"id" serial PRIMARY KEY NOT NULL,
  	"alt" varchar,
  	"caption" varchar,
  	"credit_id" integer,
  	"license_expires_at" timestamp(3) with time zone,
  	"ai_disclosure" varchar,
  	"needs_a_person" varchar,
  	"embedded_metadata_credit_outcome" varchar,
  	"embedded_metadata_creator" varchar,
  	"embedded_metadata_credit_line" varchar,
  	"embedded_metadata_copyright_notice" varchar,
  	"embedded_metadata_source" varchar,
  	"embedded_metadata_usage_terms" varchar,
  	"embedded_metadata_web_statement" varchar,
  	"embedded_metadata_licensor" varchar,
  	"embedded_metadata_license_expires_at" timestamp(3) with time zone,
  	"embedded_metadata_alt_text" varchar,
  	"embedded_metadata_caption" varchar,
  	"embedded_metadata_digital_source_type" varchar,
  	"embedded_metadata_found_in" varchar,
  	"embedded_metadata_reading_notes" varchar,
  	"needs_original" boolean DEFAULT false,
  	"import_key" varchar,
  	"is_public" boolean DEFAULT false,
  	"prefix" varchar DEFAULT '',
  	"_objectkey" varchar,
  	"updated_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
  	"created_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
  	"url" varchar,
  	"thumbnail_u_r_l" varchar,
  	"filename" varchar,
  	"mime_type" varchar,
  	"filesize" numeric,
  	"width" numeric,
  	"height" numeric,
  	"focal_x" numeric,
  	"focal_y" numeric,
  	"sizes_thumbnail_url" varchar,
  	"sizes_thumbnail_width" numeric,
  	"sizes_thumbnail_height" numeric,
  	"sizes_thumbnail_mime_type" varchar,
  	"sizes_thumbnail_filesize" numeric,
  	"sizes_thumbnail_filename" varchar,
  	"sizes_card_url" varchar,
  	"sizes_card_width" numeric,
  	"sizes_card_height" numeric,
  	"sizes_card_mime_type" varchar,
  	"sizes_card_filesize" numeric,
  	"sizes_card_filename" varchar,
  	"sizes_hero_url" varchar,
  	"sizes_hero_width" numeric,
  	"sizes_hero_height" numeric,
  	"sizes_hero_mime_type" varchar,
  	"sizes_hero_filesize" numeric,
  	"sizes_hero_filename" varchar
  );
  
  CREATE TABLE "photo_credits" (
  	"id" serial PRIMARY KEY NOT NULL,
  	"credit_line" varchar,
  	"photographer" varchar,
  	"pool" boolean DEFAULT false,
  	"courtesy_of_id" integer,
  	"license" "enum_photo_credits_license",
  	"license_expires_at" timestamp(3) with time zone,
  	"notes" varchar,
  	"is_public" boolean DEFAULT false,
  	"updated_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
  	"created_at" timestamp(3) with time zone DEFAULT now() NOT NULL
  );
  
  CREATE TABLE "photo_credits_rels" (
  	"id" serial PRIMARY KEY NOT NULL,
  	"order" integer,
  	"parent_id" integer NOT NULL,
  	"path" varchar NOT NULL,
  	"organizations_id" integer
  );
  
  CREATE TABLE "organizations_social_handles" (
  	"_order" integer NOT NULL,
  	"_parent_id" integer NOT NULL,
  	"id" varchar PRIMARY KEY NOT NULL,
  	"platform" "enum_organizations_social_handles_platform" NOT NULL,
  	"handle" varchar NOT NULL
  );
  
  CREATE TABLE "organizations" (
  	"id" serial PRIMARY KEY NOT NULL,
  	"name" varchar NOT NULL,
  	"name_key" varchar,
  	"slug" varchar,
  	"kind" "enum_organizations_kind" DEFAULT 'other' NOT NULL,
  	"website" varchar,
  	"description" varchar,
  	"is_public" boolean DEFAULT false,
  	"updated_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
  	"created_at" timestamp(3) with time zone DEFAULT now() NOT NULL
  );
  
  CREATE TABLE "calls_to_action" (
  	"id" serial PRIMARY KEY NOT NULL,
  	"title" varchar NOT NULL,
  	"kind" "enum_calls_to_action_kind" DEFAULT 'other' NOT NULL,
  	"organization_id" integer,
  	"url" varchar,
  	"instructions" varchar,
  	"status" "enum_calls_to_action_status" DEFAULT 'active' NOT NULL,
  	"expires_at" timestamp(3) with time zone,
  	"is_public" boolean DEFAULT false,
  	"updated_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
  	"created_at" timestamp(3) with time zone DEFAULT now() NOT NULL
  );
  
  CREATE TABLE "calls_to_action_texts" (
  	"id" serial PRIMARY KEY NOT NULL,
  	"order" integer NOT NULL,
  	"parent_id" integer NOT NULL,
  	"path" varchar NOT NULL,
  	"text" varchar
  );
  
  CREATE TABLE "editorial_notes" (
  	"id" serial PRIMARY KEY NOT NULL,
  	"article_id" integer,
  	"text" varchar NOT NULL,
  	"author_id" integer,
  	"reply_to_id" integer,
  	"updated_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
  	"created_at" timestamp(3) with time zone DEFAULT now() NOT NULL
  );
  
  CREATE TABLE "article_transitions" (
  	"id" serial PRIMARY KEY NOT NULL,
  	"article_id" integer,
  	"from" "enum_article_transitions_from",
  	"to" "enum_article_transitions_to" NOT NULL,
  	"by_id" integer,
  	"note" varchar,
  	"override_reason" varchar,
  	"updated_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
  	"created_at" timestamp(3) with time zone DEFAULT now() NOT NULL
  );
  
  CREATE TABLE "workflow_alerts" (
  	"id" serial PRIMARY KEY NOT NULL,
  	"kind" "enum_workflow_alerts_kind" NOT NULL,
  	"article_id" integer,
  	"key" varchar,
  	"message" varchar NOT NULL,
  	"recipient_id" integer,
  	"updated_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
  	"created_at" timestamp(3) with time zone DEFAULT now() NOT NULL
  );
  
  CREATE TABLE "preview_links" (
  	"id" serial PRIMARY KEY NOT NULL,
  	"article_id" integer NOT NULL,
  	"token" varchar,
  	"shared_with" varchar,
  	"expires_at" timestamp(3) with time zone,
  	"revoked" boolean DEFAULT false,
  	"created_by_id" integer,
  	"updated_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
  	"created_at" timestamp(3) with time zone DEFAULT now() NOT NULL
  );
  
  CREATE TABLE "users_sessions" (
  	"_order" integer NOT NULL,
  	"_parent_id" integer NOT NULL,
  	"id" varchar PRIMARY KEY NOT NULL,
  	"user_agent" varchar,
  	"address" varchar,
  	"last_seen_at" timestamp(3) with time zone,
  	"created_at" timestamp(3) with time zone,
  	"expires_at" timestamp(3) with time zone NOT NULL
  );
  
  CREATE TABLE "users" (
  	"id" serial PRIMARY KEY NOT NULL,
  	"name" varchar NOT NULL,
  	"role" "enum_users_role" DEFAULT 'writer' NOT NULL,
  	"api_key_name" varchar,
  	"api_key_issued_at" timestamp(3) with time zone,
  	"api_key_last_used_at" timestamp(3) with time zone,
  	"has_second_factor" boolean DEFAULT false,
  	"totp_secret" varchar,
  	"totp_pending_secret" varchar,
  	"totp_last_step" numeric,
  	"recovery_code_hashes" jsonb,
  	"passkeys" jsonb,
  	"updated_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
  	"created_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
  	"enable_a_p_i_key" boolean,
  	"api_key" varchar,
  	"api_key_index" varchar,
  	"email" varchar NOT NULL,
  	"reset_password_token" varchar,
  	"reset_password_expiration" timestamp(3) with time zone,
  	"salt" varchar,
  	"hash" varchar,
  	"reset_password_requested_at" timestamp(3) with time zone
  );
  
  CREATE TABLE "webhooks_events" (
  	"order" integer NOT NULL,
  	"parent_id" integer NOT NULL,
  	"value" "enum_webhooks_events",
  	"id" serial PRIMARY KEY NOT NULL
  );
  
  CREATE TABLE "webhooks" (
  	"id" serial PRIMARY KEY NOT NULL,
  	"url" varchar NOT NULL,
  	"secret" varchar NOT NULL,
  	"active" boolean DEFAULT true,
  	"description" varchar,
  	"updated_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
  	"created_at" timestamp(3) with time zone DEFAULT now() NOT NULL
  );
  
  CREATE TABLE "webhook_deliveries" (
  	"id" serial PRIMARY KEY NOT NULL,
  	"webhook_id" integer,
  	"url" varchar,
  	"event" "enum_webhook_deliveries_event" NOT NULL,
  	"article_id" numeric,
  	"body" jsonb NOT NULL,
  	"status" "enum_webhook_deliveries_status" DEFAULT 'pending' NOT NULL,
  	"status_code" numeric,
  	"attempts" numeric DEFAULT 0,
  	"last_error" varchar,
  	"delivered_at" timestamp(3) with time zone,
  	"updated_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
  	"created_at" timestamp(3) with time zone DEFAULT now() NOT NULL
  );
  
  CREATE TABLE "audit_events" (
  	"id" serial PRIMARY KEY NOT NULL,
  	"action" "enum_audit_events_action" NOT NULL,
  	"actor_id" integer,
  	"actor_email" varchar,
  	"address" varchar,
  	"document_collection" varchar,
  	"document_id" varchar,
  	"document_title" varchar,
  	"details" jsonb,
  	"updated_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
  	"created_at" timestamp(3) with time zone DEFAULT now() NOT NULL
  );
  
  CREATE TABLE "photo_metadata_writes" (
  	"id" serial PRIMARY KEY NOT NULL,
  	"media_id" integer,
  	"status" "enum_photo_metadata_writes_status" NOT NULL,
  	"fingerprint" varchar,
  	"files" jsonb,
  	"problem" varchar,
  	"written_at" timestamp(3) with time zone,
  	"updated_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
  	"created_at" timestamp(3) with time zone DEFAULT now() NOT NULL
  );
  
  CREATE TABLE "payload_kv" (
  	"id" serial PRIMARY KEY NOT NULL,
  	"key" varchar NOT NULL,
  	"data" jsonb NOT NULL
  );
  
  CREATE TABLE "payload_jobs_log" (
  	"_order" integer NOT NULL,
  	"_parent_id" integer NOT NULL,
  	"id" varchar PRIMARY KEY NOT NULL,
  	"executed_at" timestamp(3) with time zone NOT NULL,
  	"completed_at" timestamp(3) with time zone NOT NULL,
  	"task_slug" "enum_payload_jobs_log_task_slug" NOT NULL,
  	"task_i_d" varchar NOT NULL,
  	"input" jsonb,
  	"output" jsonb,
  	"state" "enum_payload_jobs_log_state" NOT NULL,
  	"error" jsonb
  );
  
  CREATE TABLE "payload_jobs" (
  	"id" serial PRIMARY KEY NOT NULL,
  	"input" jsonb,
  	"completed_at" timestamp(3) with time zone,
  	"total_tried" numeric DEFAULT 0,
  	"has_error" boolean DEFAULT false,
  	"error" jsonb,
  	"task_slug" "enum_payload_jobs_task_slug",
  	"queue" varchar DEFAULT 'default',
  	"wait_until" timestamp(3) with time zone,
  	"processing" boolean DEFAULT false,
  	"meta" jsonb,
  	"updated_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
  	"created_at" timestamp(3) with time zone DEFAULT now() NOT NULL
  );
  
  CREATE TABLE "payload_locked_documents" (
  	"id" serial PRIMARY KEY NOT NULL,
  	"global_slug" varchar,
  	"updated_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
  	"created_at" timestamp(3) with time zone DEFAULT now() NOT NULL
  );
  
  CREATE TABLE "payload_locked_documents_rels" (
  	"id" serial PRIMARY KEY NOT NULL,
  	"order" integer,
  	"parent_id" integer NOT NULL,
  	"path" varchar NOT NULL,
  	"articles_id" integer,
  	"media_id" integer,
  	"photo_credits_id" integer,
  	"organizations_id" integer,
  	"calls_to_action_id" integer,
  	"editorial_notes_id" integer,
  	"article_transitions_id" integer,
  	"workflow_alerts_id" integer,
  	"preview_links_id" integer,
  	"users_id" integer,
  	"webhooks_id" integer,
  	"webhook_deliveries_id" integer,
  	"audit_events_id" integer,
  	"photo_metadata_writes_id" integer
  );
  
  CREATE TABLE "payload_preferences" (
  	"id" serial PRIMARY KEY NOT NULL,
  	"key" varchar,
  	"value" jsonb,
  	"updated_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
  	"created_at" timestamp(3) with time zone DEFAULT now() NOT NULL
  );
  
  CREATE TABLE "payload_preferences_rels" (
  	"id" serial PRIMARY KEY NOT NULL,
  	"order" integer,
  	"parent_id" integer NOT NULL,
  	"path" varchar NOT NULL,
  	"users_id" integer
  );
  
  CREATE TABLE "payload_migrations" (
  	"id" serial PRIMARY KEY NOT NULL,
  	"name" varchar,
  	"batch" numeric,
  	"updated_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
  	"created_at" timestamp(3) with time zone DEFAULT now() NOT NULL
  );
  
  CREATE TABLE "site_settings" (
  	"id" serial PRIMARY KEY NOT NULL,
  	"site_name" varchar DEFAULT 'Newsroom',
  	"promotion_id" integer,
  	"writers_must_enrol" boolean DEFAULT false,
  	"time_zone" varchar DEFAULT 'UTC',
  	"updated_at" timestamp(3) with time zone,
  	"created_at" timestamp(3) with time zone
  );
  
  CREATE TABLE "payload_jobs_stats" (
  	"id" serial PRIMARY KEY NOT NULL,
  	"stats" jsonb,
  	"updated_at" timestamp(3) with time zone,
  	"created_at" timestamp(3) with time zone
  );
  
  CREATE TABLE "story_search_live" (
  	"story_id" integer PRIMARY KEY NOT NULL,
  	"updated_at" timestamp(3) with time zone NOT NULL,
  	"words" "tsvector" NOT NULL
  );
  
  CREATE TABLE "story_search_drafts" (
  	"story_id" integer PRIMARY KEY NOT NULL,
  	"version_id" integer NOT NULL,
  	"updated_at" timestamp(3) with time zone NOT NULL,
  	"words" "tsvector" NOT NULL
  );
  
  CREATE TABLE "public_story_count" (
  	"id" integer PRIMARY KEY NOT NULL,
  	"n" integer NOT NULL
  );
  
  CREATE TABLE "public_story_count_pending" (
  	"id" bigserial PRIMARY KEY NOT NULL,
  	"delta" integer NOT NULL
  );
  
  ALTER TABLE "articles_previous_slugs" ADD CONSTRAINT "articles_previous_slugs_parent_id_fk" FOREIGN KEY ("_parent_id") REFERENCES "public"."articles"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "articles_contributors" ADD CONSTRAINT "articles_contributors_parent_id_fk" FOREIGN KEY ("_parent_id") REFERENCES "public"."articles"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "articles_reader_notes" ADD CONSTRAINT "articles_reader_notes_parent_id_fk" FOREIGN KEY ("_parent_id") REFERENCES "public"."articles"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "articles_desk_check_waivers" ADD CONSTRAINT "articles_desk_check_waivers_waived_by_id_users_id_fk" FOREIGN KEY ("waived_by_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "articles_desk_check_waivers" ADD CONSTRAINT "articles_desk_check_waivers_parent_id_fk" FOREIGN KEY ("_parent_id") REFERENCES "public"."articles"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "articles" ADD CONSTRAINT "articles_hero_image_id_media_id_fk" FOREIGN KEY ("hero_image_id") REFERENCES "public"."media"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "articles" ADD CONSTRAINT "articles_social_image_id_media_id_fk" FOREIGN KEY ("social_image_id") REFERENCES "public"."media"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "articles" ADD CONSTRAINT "articles_saved_by_id_users_id_fk" FOREIGN KEY ("saved_by_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "articles" ADD CONSTRAINT "articles_reviewer_id_users_id_fk" FOREIGN KEY ("reviewer_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "articles" ADD CONSTRAINT "articles_approved_by_id_users_id_fk" FOREIGN KEY ("approved_by_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "articles_texts" ADD CONSTRAINT "articles_texts_parent_fk" FOREIGN KEY ("parent_id") REFERENCES "public"."articles"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "articles_rels" ADD CONSTRAINT "articles_rels_parent_fk" FOREIGN KEY ("parent_id") REFERENCES "public"."articles"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "articles_rels" ADD CONSTRAINT "articles_rels_users_fk" FOREIGN KEY ("users_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "articles_rels" ADD CONSTRAINT "articles_rels_organizations_fk" FOREIGN KEY ("organizations_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "articles_rels" ADD CONSTRAINT "articles_rels_calls_to_action_fk" FOREIGN KEY ("calls_to_action_id") REFERENCES "public"."calls_to_action"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "articles_rels" ADD CONSTRAINT "articles_rels_media_fk" FOREIGN KEY ("media_id") REFERENCES "public"."media"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "_articles_v_version_previous_slugs" ADD CONSTRAINT "_articles_v_version_previous_slugs_parent_id_fk" FOREIGN KEY ("_parent_id") REFERENCES "public"."_articles_v"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "_articles_v_version_contributors" ADD CONSTRAINT "_articles_v_version_contributors_parent_id_fk" FOREIGN KEY ("_parent_id") REFERENCES "public"."_articles_v"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "_articles_v_version_reader_notes" ADD CONSTRAINT "_articles_v_version_reader_notes_parent_id_fk" FOREIGN KEY ("_parent_id") REFERENCES "public"."_articles_v"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "_articles_v_version_desk_check_waivers" ADD CONSTRAINT "_articles_v_version_desk_check_waivers_waived_by_id_users_id_fk" FOREIGN KEY ("waived_by_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "_articles_v_version_desk_check_waivers" ADD CONSTRAINT "_articles_v_version_desk_check_waivers_parent_id_fk" FOREIGN KEY ("_parent_id") REFERENCES "public"."_articles_v"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "_articles_v" ADD CONSTRAINT "_articles_v_parent_id_articles_id_fk" FOREIGN KEY ("parent_id") REFERENCES "public"."articles"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "_articles_v" ADD CONSTRAINT "_articles_v_version_hero_image_id_media_id_fk" FOREIGN KEY ("version_hero_image_id") REFERENCES "public"."media"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "_articles_v" ADD CONSTRAINT "_articles_v_version_social_image_id_media_id_fk" FOREIGN KEY ("version_social_image_id") REFERENCES "public"."media"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "_articles_v" ADD CONSTRAINT "_articles_v_version_saved_by_id_users_id_fk" FOREIGN KEY ("version_saved_by_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "_articles_v" ADD CONSTRAINT "_articles_v_version_reviewer_id_users_id_fk" FOREIGN KEY ("version_reviewer_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "_articles_v" ADD CONSTRAINT "_articles_v_version_approved_by_id_users_id_fk" FOREIGN KEY ("version_approved_by_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "_articles_v_texts" ADD CONSTRAINT "_articles_v_texts_parent_fk" FOREIGN KEY ("parent_id") REFERENCES "public"."_articles_v"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "_articles_v_rels" ADD CONSTRAINT "_articles_v_rels_parent_fk" FOREIGN KEY ("parent_id") REFERENCES "public"."_articles_v"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "_articles_v_rels" ADD CONSTRAINT "_articles_v_rels_users_fk" FOREIGN KEY ("users_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "_articles_v_rels" ADD CONSTRAINT "_articles_v_rels_organizations_fk" FOREIGN KEY ("organizations_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "_articles_v_rels" ADD CONSTRAINT "_articles_v_rels_calls_to_action_fk" FOREIGN KEY ("calls_to_action_id") REFERENCES "public"."calls_to_action"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "_articles_v_rels" ADD CONSTRAINT "_articles_v_rels_media_fk" FOREIGN KEY ("media_id") REFERENCES "public"."media"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "media" ADD CONSTRAINT "media_credit_id_photo_credits_id_fk" FOREIGN KEY ("credit_id") REFERENCES "public"."photo_credits"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "photo_credits" ADD CONSTRAINT "photo_credits_courtesy_of_id_organizations_id_fk" FOREIGN KEY ("courtesy_of_id") REFERENCES "public"."organizations"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "photo_credits_rels" ADD CONSTRAINT "photo_credits_rels_parent_fk" FOREIGN KEY ("parent_id") REFERENCES "public"."photo_credits"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "photo_credits_rels" ADD CONSTRAINT "photo_credits_rels_organizations_fk" FOREIGN KEY ("organizations_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "organizations_social_handles" ADD CONSTRAINT "organizations_social_handles_parent_id_fk" FOREIGN KEY ("_parent_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "calls_to_action" ADD CONSTRAINT "calls_to_action_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "calls_to_action_texts" ADD CONSTRAINT "calls_to_action_texts_parent_fk" FOREIGN KEY ("parent_id") REFERENCES "public"."calls_to_action"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "editorial_notes" ADD CONSTRAINT "editorial_notes_article_id_articles_id_fk" FOREIGN KEY ("article_id") REFERENCES "public"."articles"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "editorial_notes" ADD CONSTRAINT "editorial_notes_author_id_users_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "editorial_notes" ADD CONSTRAINT "editorial_notes_reply_to_id_editorial_notes_id_fk" FOREIGN KEY ("reply_to_id") REFERENCES "public"."editorial_notes"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "article_transitions" ADD CONSTRAINT "article_transitions_article_id_articles_id_fk" FOREIGN KEY ("article_id") REFERENCES "public"."articles"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "article_transitions" ADD CONSTRAINT "article_transitions_by_id_users_id_fk" FOREIGN KEY ("by_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "workflow_alerts" ADD CONSTRAINT "workflow_alerts_article_id_articles_id_fk" FOREIGN KEY ("article_id") REFERENCES "public"."articles"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "workflow_alerts" ADD CONSTRAINT "workflow_alerts_recipient_id_users_id_fk" FOREIGN KEY ("recipient_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "preview_links" ADD CONSTRAINT "preview_links_article_id_articles_id_fk" FOREIGN KEY ("article_id") REFERENCES "public"."articles"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "preview_links" ADD CONSTRAINT "preview_links_created_by_id_users_id_fk" FOREIGN KEY ("created_by_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "users_sessions" ADD CONSTRAINT "users_sessions_parent_id_fk" FOREIGN KEY ("_parent_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "webhooks_events" ADD CONSTRAINT "webhooks_events_parent_fk" FOREIGN KEY ("parent_id") REFERENCES "public"."webhooks"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "webhook_deliveries" ADD CONSTRAINT "webhook_deliveries_webhook_id_webhooks_id_fk" FOREIGN KEY ("webhook_id") REFERENCES "public"."webhooks"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "audit_events" ADD CONSTRAINT "audit_events_actor_id_users_id_fk" FOREIGN KEY ("actor_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "photo_metadata_writes" ADD CONSTRAINT "photo_metadata_writes_media_id_media_id_fk" FOREIGN KEY ("media_id") REFERENCES "public"."media"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "payload_jobs_log" ADD CONSTRAINT "payload_jobs_log_parent_id_fk" FOREIGN KEY ("_parent_id") REFERENCES "public"."payload_jobs"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "payload_locked_documents_rels" ADD CONSTRAINT "payload_locked_documents_rels_parent_fk" FOREIGN KEY ("parent_id") REFERENCES "public"."payload_locked_documents"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "payload_locked_documents_rels" ADD CONSTRAINT "payload_locked_documents_rels_articles_fk" FOREIGN KEY ("articles_id") REFERENCES "public"."articles"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "payload_locked_documents_rels" ADD CONSTRAINT "payload_locked_documents_rels_media_fk" FOREIGN KEY ("media_id") REFERENCES "public"."media"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "payload_locked_documents_rels" ADD CONSTRAINT "payload_locked_documents_rels_photo_credits_fk" FOREIGN KEY ("photo_credits_id") REFERENCES "public"."photo_credits"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "payload_locked_documents_rels" ADD CONSTRAINT "payload_locked_documents_rels_organizations_fk" FOREIGN KEY ("organizations_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "payload_locked_documents_rels" ADD CONSTRAINT "payload_locked_documents_rels_calls_to_action_fk" FOREIGN KEY ("calls_to_action_id") REFERENCES "public"."calls_to_action"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "payload_locked_documents_rels" ADD CONSTRAINT "payload_locked_documents_rels_editorial_notes_fk" FOREIGN KEY ("editorial_notes_id") REFERENCES "public"."editorial_notes"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "payload_locked_documents_rels" ADD CONSTRAINT "payload_locked_documents_rels_article_transitions_fk" FOREIGN KEY ("article_transitions_id") REFERENCES "public"."article_transitions"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "payload_locked_documents_rels" ADD CONSTRAINT "payload_locked_documents_rels_workflow_alerts_fk" FOREIGN KEY ("workflow_alerts_id") REFERENCES "public"."workflow_alerts"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "payload_locked_documents_rels" ADD CONSTRAINT "payload_locked_documents_rels_preview_links_fk" FOREIGN KEY ("preview_links_id") REFERENCES "public"."preview_links"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "payload_locked_documents_rels" ADD CONSTRAINT "payload_locked_documents_rels_users_fk" FOREIGN KEY ("users_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "payload_locked_documents_rels" ADD CONSTRAINT "payload_locked_documents_rels_webhooks_fk" FOREIGN KEY ("webhooks_id") REFERENCES "public"."webhooks"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "payload_locked_documents_rels" ADD CONSTRAINT "payload_locked_documents_rels_webhook_deliveries_fk" FOREIGN KEY ("webhook_deliveries_id") REFERENCES "public"."webhook_deliveries"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "payload_locked_documents_rels" ADD CONSTRAINT "payload_locked_documents_rels_audit_events_fk" FOREIGN KEY ("audit_events_id") REFERENCES "public"."audit_events"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "payload_locked_documents_rels" ADD CONSTRAINT "payload_locked_documents_rels_photo_metadata_writes_fk" FOREIGN KEY ("photo_metadata_writes_id") REFERENCES "public"."photo_metadata_writes"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "payload_preferences_rels" ADD CONSTRAINT "payload_preferences_rels_parent_fk" FOREIGN KEY ("parent_id") REFERENCES "public"."payload_preferences"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "payload_preferences_rels" ADD CONSTRAINT "payload_preferences_rels_users_fk" FOREIGN KEY ("users_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "site_settings" ADD CONSTRAINT "site_settings_promotion_id_calls_to_action_id_fk" FOREIGN KEY ("promotion_id") REFERENCES "public"."calls_to_action"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "story_search_live" ADD CONSTRAINT "story_search_live_story_id_articles_id_fk" FOREIGN KEY ("story_id") REFERENCES "public"."articles"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "story_search_drafts" ADD CONSTRAINT "story_search_drafts_story_id_articles_id_fk" FOREIGN KEY ("story_id") REFERENCES "public"."articles"("id") ON DELETE cascade ON UPDATE no action;
  CREATE INDEX "articles_previous_slugs_order_idx" ON "articles_previous_slugs" USING btree ("_order");
  CREATE INDEX "articles_previous_slugs_parent_id_idx" ON "articles_previous_slugs" USING btree ("_parent_id");
  CREATE INDEX "articles_previous_slugs_slug_idx" ON "articles_previous_slugs" USING btree ("slug");
  CREATE INDEX "articles_contributors_order_idx" ON "articles_contributors" USING btree ("_order");
  CREATE INDEX "articles_contributors_parent_id_idx" ON "articles_contributors" USING btree ("_parent_id");
  CREATE INDEX "articles_reader_notes_order_idx" ON "articles_reader_notes" USING btree ("_order");
  CREATE INDEX "articles_reader_notes_parent_id_idx" ON "articles_reader_notes" USING btree ("_parent_id");
  CREATE INDEX "articles_desk_check_waivers_order_idx" ON "articles_desk_check_waivers" USING btree ("_order");
  CREATE INDEX "articles_desk_check_waivers_parent_id_idx" ON "articles_desk_check_waivers" USING btree ("_parent_id");
  CREATE INDEX "articles_desk_check_waivers_waived_by_idx" ON "articles_desk_check_waivers" USING btree ("waived_by_id");
  CREATE UNIQUE INDEX "articles_slug_idx" ON "articles" USING btree ("slug");
  CREATE INDEX "articles_hero_image_idx" ON "articles" USING btree ("hero_image_id");
  CREATE INDEX "articles_social_image_idx" ON "articles" USING btree ("social_image_id");
  CREATE INDEX "articles_published_at_idx" ON "articles" USING btree ("published_at");
  CREATE INDEX "articles_stage_idx" ON "articles" USING btree ("stage");
  CREATE INDEX "articles_is_live_idx" ON "articles" USING btree ("is_live");
  CREATE INDEX "articles_saved_by_idx" ON "articles" USING btree ("saved_by_id");
  CREATE INDEX "articles_reviewer_idx" ON "articles" USING btree ("reviewer_id");
  CREATE INDEX "articles_due_at_idx" ON "articles" USING btree ("due_at");
  CREATE INDEX "articles_approved_by_idx" ON "articles" USING btree ("approved_by_id");
  CREATE UNIQUE INDEX "articles_import_hash_idx" ON "articles" USING btree ("import_hash");
  CREATE INDEX "articles_updated_at_idx" ON "articles" USING btree ("updated_at");
  CREATE INDEX "articles_created_at_idx" ON "articles" USING btree ("created_at");
  CREATE INDEX "articles_deleted_at_idx" ON "articles" USING btree ("deleted_at");
  CREATE INDEX "articles__status_idx" ON "articles" USING btree ("_status");
  CREATE INDEX "_status_deletedAt_idx" ON "articles" USING btree ("_status","deleted_at");
  CREATE INDEX "articles_public_stories_idx" ON "articles" USING btree ("id") WHERE _status = 'published' and deleted_at is null;
  CREATE INDEX "articles_texts_order_parent" ON "articles_texts" USING btree ("order","parent_id");
  CREATE INDEX "articles_texts_text_idx" ON "articles_texts" USING btree ("text");
  CREATE INDEX "articles_rels_order_idx" ON "articles_rels" USING btree ("order");
  CREATE INDEX "articles_rels_parent_idx" ON "articles_rels" USING btree ("parent_id");
  CREATE INDEX "articles_rels_path_idx" ON "articles_rels" USING btree ("path");
  CREATE INDEX "articles_rels_users_id_idx" ON "articles_rels" USING btree ("users_id");
  CREATE INDEX "articles_rels_organizations_id_idx" ON "articles_rels" USING btree ("organizations_id");
  CREATE INDEX "articles_rels_calls_to_action_id_idx" ON "articles_rels" USING btree ("calls_to_action_id");
  CREATE INDEX "articles_rels_media_id_idx" ON "articles_rels" USING btree ("media_id");
  CREATE INDEX "articles_rels_images_pointing_at_nothing_idx" ON "articles_rels" USING btree ("parent_id") WHERE path = 'images' and media_id is null;
  CREATE INDEX "_articles_v_version_previous_slugs_order_idx" ON "_articles_v_version_previous_slugs" USING btree ("_order");
  CREATE INDEX "_articles_v_version_previous_slugs_parent_id_idx" ON "_articles_v_version_previous_slugs" USING btree ("_parent_id");
  CREATE INDEX "_articles_v_version_previous_slugs_slug_idx" ON "_articles_v_version_previous_slugs" USING btree ("slug");
  CREATE INDEX "_articles_v_version_contributors_order_idx" ON "_articles_v_version_contributors" USING btree ("_order");
  CREATE INDEX "_articles_v_version_contributors_parent_id_idx" ON "_articles_v_version_contributors" USING btree ("_parent_id");
  CREATE INDEX "_articles_v_version_reader_notes_order_idx" ON "_articles_v_version_reader_notes" USING btree ("_order");
  CREATE INDEX "_articles_v_version_reader_notes_parent_id_idx" ON "_articles_v_version_reader_notes" USING btree ("_parent_id");
  CREATE INDEX "_articles_v_version_desk_check_waivers_order_idx" ON "_articles_v_version_desk_check_waivers" USING btree ("_order");
  CREATE INDEX "_articles_v_version_desk_check_waivers_parent_id_idx" ON "_articles_v_version_desk_check_waivers" USING btree ("_parent_id");
  CREATE INDEX "_articles_v_version_desk_check_waivers_waived_by_idx" ON "_articles_v_version_desk_check_waivers" USING btree ("waived_by_id");
  CREATE INDEX "_articles_v_parent_idx" ON "_articles_v" USING btree ("parent_id");
  CREATE INDEX "_articles_v_version_version_slug_idx" ON "_articles_v" USING btree ("version_slug");
  CREATE INDEX "_articles_v_version_version_hero_image_idx" ON "_articles_v" USING btree ("version_hero_image_id");
  CREATE INDEX "_articles_v_version_version_social_image_idx" ON "_articles_v" USING btree ("version_social_image_id");
  CREATE INDEX "_articles_v_version_version_published_at_idx" ON "_articles_v" USING btree ("version_published_at");
  CREATE INDEX "_articles_v_version_version_stage_idx" ON "_articles_v" USING btree ("version_stage");
  CREATE INDEX "_articles_v_version_version_is_live_idx" ON "_articles_v" USING btree ("version_is_live");
  CREATE INDEX "_articles_v_version_version_saved_by_idx" ON "_articles_v" USING btree ("version_saved_by_id");
  CREATE INDEX "_articles_v_version_version_reviewer_idx" ON "_articles_v" USING btree ("version_reviewer_id");
  CREATE INDEX "_articles_v_version_version_due_at_idx" ON "_articles_v" USING btree ("version_due_at");
  CREATE INDEX "_articles_v_version_version_approved_by_idx" ON "_articles_v" USING btree ("version_approved_by_id");
  CREATE INDEX "_articles_v_version_version_import_hash_idx" ON "_articles_v" USING btree ("version_import_hash");
  CREATE INDEX "_articles_v_version_version_updated_at_idx" ON "_articles_v" USING btree ("version_updated_at");
  CREATE INDEX "_articles_v_version_version_created_at_idx" ON "_articles_v" USING btree ("version_created_at");
  CREATE INDEX "_articles_v_version_version_deleted_at_idx" ON "_articles_v" USING btree ("version_deleted_at");
  CREATE INDEX "_articles_v_version_version__status_idx" ON "_articles_v" USING btree ("version__status");
  CREATE INDEX "_articles_v_created_at_idx" ON "_articles_v" USING btree ("created_at");
  CREATE INDEX "_articles_v_updated_at_idx" ON "_articles_v" USING btree ("updated_at");
  CREATE INDEX "_articles_v_latest_idx" ON "_articles_v" USING btree ("latest");
  CREATE INDEX "_articles_v_autosave_idx" ON "_articles_v" USING btree ("autosave");
  CREATE INDEX "version__status_version_deletedAt_idx" ON "_articles_v" USING btree ("version__status","version_deleted_at");
  CREATE INDEX "_articles_v_texts_order_parent" ON "_articles_v_texts" USING btree ("order","parent_id");
  CREATE INDEX "_articles_v_rels_order_idx" ON "_articles_v_rels" USING btree ("order");
  CREATE INDEX "_articles_v_rels_parent_idx" ON "_articles_v_rels" USING btree ("parent_id");
  CREATE INDEX "_articles_v_rels_path_idx" ON "_articles_v_rels" USING btree ("path");
  CREATE INDEX "_articles_v_rels_users_id_idx" ON "_articles_v_rels" USING btree ("users_id");
  CREATE INDEX "_articles_v_rels_organizations_id_idx" ON "_articles_v_rels" USING btree ("organizations_id");
  CREATE INDEX "_articles_v_rels_calls_to_action_id_idx" ON "_articles_v_rels" USING btree ("calls_to_action_id");
  CREATE INDEX "_articles_v_rels_media_id_idx" ON "_articles_v_rels" USING btree ("media_id");
  CREATE INDEX "media_credit_idx" ON "media" USING btree ("credit_id");
  CREATE INDEX "media_license_expires_at_idx" ON "media" USING btree ("license_expires_at");
  CREATE UNIQUE INDEX "media_import_key_idx" ON "media" USING btree ("import_key");
  CREATE INDEX "media_is_public_idx" ON "media" USING btree ("is_public");
  CREATE INDEX "media_updated_at_idx" ON "media" USING btree ("updated_at");
  CREATE INDEX "media_created_at_idx" ON "media" USING btree ("created_at");
  CREATE UNIQUE INDEX "media_filename_idx" ON "media" USING btree ("filename");
  CREATE INDEX "media_sizes_thumbnail_sizes_thumbnail_filename_idx" ON "media" USING btree ("sizes_thumbnail_filename");
  CREATE INDEX "media_sizes_card_sizes_card_filename_idx" ON "media" USING btree ("sizes_card_filename");
  CREATE INDEX "media_sizes_hero_sizes_hero_filename_idx" ON "media" USING btree ("sizes_hero_filename");
  CREATE INDEX "photo_credits_credit_line_idx" ON "photo_credits" USING btree ("credit_line");
  CREATE INDEX "photo_credits_courtesy_of_idx" ON "photo_credits" USING btree ("courtesy_of_id");
  CREATE INDEX "photo_credits_license_expires_at_idx" ON "photo_credits" USING btree ("license_expires_at");
  CREATE INDEX "photo_credits_is_public_idx" ON "photo_credits" USING btree ("is_public");
  CREATE INDEX "photo_credits_updated_at_idx" ON "photo_credits" USING btree ("updated_at");
  CREATE INDEX "photo_credits_created_at_idx" ON "photo_credits" USING btree ("created_at");
  CREATE INDEX "photo_credits_rels_order_idx" ON "photo_credits_rels" USING btree ("order");
  CREATE INDEX "photo_credits_rels_parent_idx" ON "photo_credits_rels" USING btree ("parent_id");
  CREATE INDEX "photo_credits_rels_path_idx" ON "photo_credits_rels" USING btree ("path");
  CREATE INDEX "photo_credits_rels_organizations_id_idx" ON "photo_credits_rels" USING btree ("organizations_id");
  CREATE INDEX "organizations_social_handles_order_idx" ON "organizations_social_handles" USING btree ("_order");
  CREATE INDEX "organizations_social_handles_parent_id_idx" ON "organizations_social_handles" USING btree ("_parent_id");
  CREATE UNIQUE INDEX "organizations_name_key_idx" ON "organizations" USING btree ("name_key");
  CREATE UNIQUE INDEX "organizations_slug_idx" ON "organizations" USING btree ("slug");
  CREATE INDEX "organizations_is_public_idx" ON "organizations" USING btree ("is_public");
  CREATE INDEX "organizations_updated_at_idx" ON "organizations" USING btree ("updated_at");
  CREATE INDEX "organizations_created_at_idx" ON "organizations" USING btree ("created_at");
  CREATE INDEX "calls_to_action_organization_idx" ON "calls_to_action" USING btree ("organization_id");
  CREATE INDEX "calls_to_action_is_public_idx" ON "calls_to_action" USING btree ("is_public");
  CREATE INDEX "calls_to_action_updated_at_idx" ON "calls_to_action" USING btree ("updated_at");
  CREATE INDEX "calls_to_action_created_at_idx" ON "calls_to_action" USING btree ("created_at");
  CREATE INDEX "calls_to_action_texts_order_parent" ON "calls_to_action_texts" USING btree ("order","parent_id");
  CREATE INDEX "editorial_notes_article_idx" ON "editorial_notes" USING btree ("article_id");
  CREATE INDEX "editorial_notes_author_idx" ON "editorial_notes" USING btree ("author_id");
  CREATE INDEX "editorial_notes_reply_to_idx" ON "editorial_notes" USING btree ("reply_to_id");
  CREATE INDEX "editorial_notes_updated_at_idx" ON "editorial_notes" USING btree ("updated_at");
  CREATE INDEX "editorial_notes_created_at_idx" ON "editorial_notes" USING btree ("created_at");
  CREATE INDEX "article_transitions_article_idx" ON "article_transitions" USING btree ("article_id");
  CREATE INDEX "article_transitions_by_idx" ON "article_transitions" USING btree ("by_id");
  CREATE INDEX "article_transitions_updated_at_idx" ON "article_transitions" USING btree ("updated_at");
  CREATE INDEX "article_transitions_created_at_idx" ON "article_transitions" USING btree ("created_at");
  CREATE INDEX "workflow_alerts_kind_idx" ON "workflow_alerts" USING btree ("kind");
  CREATE INDEX "workflow_alerts_article_idx" ON "workflow_alerts" USING btree ("article_id");
  CREATE UNIQUE INDEX "workflow_alerts_key_idx" ON "workflow_alerts" USING btree ("key");
  CREATE INDEX "workflow_alerts_recipient_idx" ON "workflow_alerts" USING btree ("recipient_id");
  CREATE INDEX "workflow_alerts_updated_at_idx" ON "workflow_alerts" USING btree ("updated_at");
  CREATE INDEX "workflow_alerts_created_at_idx" ON "workflow_alerts" USING btree ("created_at");
  CREATE INDEX "preview_links_article_idx" ON "preview_links" USING btree ("article_id");
  CREATE UNIQUE INDEX "preview_links_token_idx" ON "preview_links" USING btree ("token");
  CREATE INDEX "preview_links_created_by_idx" ON "preview_links" USING btree ("created_by_id");
  CREATE INDEX "preview_links_updated_at_idx" ON "preview_links" USING btree ("updated_at");
  CREATE INDEX "preview_links_created_at_idx" ON "preview_links" USING btree ("created_at");
  CREATE INDEX "users_sessions_order_idx" ON "users_sessions" USING btree ("_order");
  CREATE INDEX "users_sessions_parent_id_idx" ON "users_sessions" USING btree ("_parent_id");
  CREATE INDEX "users_updated_at_idx" ON "users" USING btree ("updated_at");
  CREATE INDEX "users_created_at_idx" ON "users" USING btree ("created_at");
  CREATE UNIQUE INDEX "users_email_idx" ON "users" USING btree ("email");
  CREATE INDEX "webhooks_events_order_idx" ON "webhooks_events" USING btree ("order");
  CREATE INDEX "webhooks_events_parent_idx" ON "webhooks_events" USING btree ("parent_id");
  CREATE INDEX "webhooks_updated_at_idx" ON "webhooks" USING btree ("updated_at");
  CREATE INDEX "webhooks_created_at_idx" ON "webhooks" USING btree ("created_at");
  CREATE INDEX "webhook_deliveries_webhook_idx" ON "webhook_deliveries" USING btree ("webhook_id");
  CREATE INDEX "webhook_deliveries_article_id_idx" ON "webhook_deliveries" USING btree ("article_id");
  CREATE INDEX "webhook_deliveries_status_idx" ON "webhook_deliveries" USING btree ("status");
  CREATE INDEX "webhook_deliveries_updated_at_idx" ON "webhook_deliveries" USING btree ("updated_at");
  CREATE INDEX "webhook_deliveries_created_at_idx" ON "webhook_deliveries" USING btree ("created_at");
  CREATE INDEX "audit_events_action_idx" ON "audit_events" USING btree ("action");
  CREATE INDEX "audit_events_actor_idx" ON "audit_events" USING btree ("actor_id");
  CREATE INDEX "audit_events_actor_email_idx" ON "audit_events" USING btree ("actor_email");
  CREATE INDEX "audit_events_document_collection_idx" ON "audit_events" USING btree ("document_collection");
  CREATE INDEX "audit_events_document_id_idx" ON "audit_events" USING btree ("document_id");
  CREATE INDEX "audit_events_updated_at_idx" ON "audit_events" USING btree ("updated_at");
  CREATE INDEX "audit_events_created_at_idx" ON "audit_events" USING btree ("created_at");
  CREATE UNIQUE INDEX "photo_metadata_writes_media_idx" ON "photo_metadata_writes" USING btree ("media_id");
  CREATE INDEX "photo_metadata_writes_status_idx" ON "photo_metadata_writes" USING btree ("status");
  CREATE INDEX "photo_metadata_writes_updated_at_idx" ON "photo_metadata_writes" USING btree ("updated_at");
  CREATE INDEX "photo_metadata_writes_created_at_idx" ON "photo_metadata_writes" USING btree ("created_at");
  CREATE UNIQUE INDEX "payload_kv_key_idx" ON "payload_kv" USING btree ("key");
  CREATE INDEX "payload_jobs_log_order_idx" ON "payload_jobs_log" USING btree ("_order");
  CREATE INDEX "payload_jobs_log_parent_id_idx" ON "payload_jobs_log" USING btree ("_parent_id");
  CREATE INDEX "payload_jobs_completed_at_idx" ON "payload_jobs" USING btree ("completed_at");
  CREATE INDEX "payload_jobs_total_tried_idx" ON "payload_jobs" USING btree ("total_tried");
  CREATE INDEX "payload_jobs_has_error_idx" ON "payload_jobs" USING btree ("has_error");
  CREATE INDEX "payload_jobs_task_slug_idx" ON "payload_jobs" USING btree ("task_slug");
  CREATE INDEX "payload_jobs_queue_idx" ON "payload_jobs" USING btree ("queue");
  CREATE INDEX "payload_jobs_wait_until_idx" ON "payload_jobs" USING btree ("wait_until");
  CREATE INDEX "payload_jobs_processing_idx" ON "payload_jobs" USING btree ("processing");
  CREATE INDEX "payload_jobs_updated_at_idx" ON "payload_jobs" USING btree ("updated_at");
  CREATE INDEX "payload_jobs_created_at_idx" ON "payload_jobs" USING btree ("created_at");
  CREATE INDEX "payload_locked_documents_global_slug_idx" ON "payload_locked_documents" USING btree ("global_slug");
  CREATE INDEX "payload_locked_documents_updated_at_idx" ON "payload_locked_documents" USING btree ("updated_at");
  CREATE INDEX "payload_locked_documents_created_at_idx" ON "payload_locked_documents" USING btree ("created_at");
  CREATE INDEX "payload_locked_documents_rels_order_idx" ON "payload_locked_documents_rels" USING btree ("order");
  CREATE INDEX "payload_locked_documents_rels_parent_idx" ON "payload_locked_documents_rels" USING btree ("parent_id");
  CREATE INDEX "payload_locked_documents_rels_path_idx" ON "payload_locked_documents_rels" USING btree ("path");
  CREATE INDEX "payload_locked_documents_rels_articles_id_idx" ON "payload_locked_documents_rels" USING btree ("articles_id");
  CREATE INDEX "payload_locked_documents_rels_media_id_idx" ON "payload_locked_documents_rels" USING btree ("media_id");
  CREATE INDEX "payload_locked_documents_rels_photo_credits_id_idx" ON "payload_locked_documents_rels" USING btree ("photo_credits_id");
  CREATE INDEX "payload_locked_documents_rels_organizations_id_idx" ON "payload_locked_documents_rels" USING btree ("organizations_id");
  CREATE INDEX "payload_locked_documents_rels_calls_to_action_id_idx" ON "payload_locked_documents_rels" USING btree ("calls_to_action_id");
  CREATE INDEX "payload_locked_documents_rels_editorial_notes_id_idx" ON "payload_locked_documents_rels" USING btree ("editorial_notes_id");
  CREATE INDEX "payload_locked_documents_rels_article_transitions_id_idx" ON "payload_locked_documents_rels" USING btree ("article_transitions_id");
  CREATE INDEX "payload_locked_documents_rels_workflow_alerts_id_idx" ON "payload_locked_documents_rels" USING btree ("workflow_alerts_id");
  CREATE INDEX "payload_locked_documents_rels_preview_links_id_idx" ON "payload_locked_documents_rels" USING btree ("preview_links_id");
  CREATE INDEX "payload_locked_documents_rels_users_id_idx" ON "payload_locked_documents_rels" USING btree ("users_id");
  CREATE INDEX "payload_locked_documents_rels_webhooks_id_idx" ON "payload_locked_documents_rels" USING btree ("webhooks_id");
  CREATE INDEX "payload_locked_documents_rels_webhook_deliveries_id_idx" ON "payload_locked_documents_rels" USING btree ("webhook_deliveries_id");
  CREATE INDEX "payload_locked_documents_rels_audit_events_id_idx" ON "payload_locked_documents_rels" USING btree ("audit_events_id");
  CREATE INDEX "payload_locked_documents_rels_photo_metadata_writes_id_idx" ON "payload_locked_documents_rels" USING btree ("photo_metadata_writes_id");
  CREATE INDEX "payload_preferences_key_idx" ON "payload_preferences" USING btree ("key");
  CREATE INDEX "payload_preferences_updated_at_idx" ON "payload_preferences" USING btree ("updated_at");
  CREATE INDEX "payload_preferences_created_at_idx" ON "payload_preferences" USING btree ("created_at");
  CREATE INDEX "payload_preferences_rels_order_idx" ON "payload_preferences_rels" USING btree ("order");
  CREATE INDEX "payload_preferences_rels_parent_idx" ON "payload_preferences_rels" USING btree ("parent_id");
  CREATE INDEX "payload_preferences_rels_path_idx" ON "payload_preferences_rels" USING btree ("path");
  CREATE INDEX "payload_preferences_rels_users_id_idx" ON "payload_preferences_rels" USING btree ("users_id");
  CREATE INDEX "payload_migrations_updated_at_idx" ON "payload_migrations" USING btree ("updated_at");
  CREATE INDEX "payload_migrations_created_at_idx" ON "payload_migrations" USING btree ("created_at");
  CREATE INDEX "site_settings_promotion_idx" ON "site_settings" USING btree ("promotion_id");
  CREATE INDEX "story_search_live_words_idx" ON "story_search_live" USING gin ("words");
  CREATE INDEX "story_search_live_updated_at_idx" ON "story_search_live" USING btree ("updated_at");
  CREATE INDEX "story_search_drafts_words_idx" ON "story_search_drafts" USING gin ("words");
  CREATE INDEX "story_search_drafts_updated_at_idx" ON "story_search_drafts" USING btree ("updated_at");`)
  // Hand-written (src/db/handWrittenSchema.ts): story search triggers.
  await db.execute(sql.raw("\nselect pg_advisory_xact_lock(hashtext('story search triggers'));\n\ncreate or replace function story_search_live_follow() returns trigger language plpgsql as $fn$\nbegin\n  -- Each statement names only the transition tables its trigger has (plpgsql plans a statement when it first runs).\n  if tg_op = 'INSERT' then\n    insert into story_search_live (story_id, updated_at, words)\n    select n.id, n.updated_at, to_tsvector('english'::regconfig, coalesce(n.search_text, '')) from new_rows n\n    on conflict (story_id) do update set updated_at = excluded.updated_at, words = excluded.words;\n  else\n    -- Joins of the two transition tables run through EXECUTE, planned for each statement's own rows: a plan kept from\n    -- a session's first one-row save is a nested loop, quadratic over a bulk update (20,000 stories: 39 s, not 2).\n    execute $sql$\n    insert into story_search_live (story_id, updated_at, words)\n    select n.id, n.updated_at, to_tsvector('english'::regconfig, coalesce(n.search_text, '')) from new_rows n\n    where not exists (\n      select 1 from old_rows o where o.id = n.id and o.search_text is not distinct from n.search_text and o.updated_at = n.updated_at)\n    on conflict (story_id) do update set updated_at = excluded.updated_at, words = excluded.words$sql$;\n  end if;\n  return null;\nend $fn$;\n\ncreate or replace function story_search_drafts_follow() returns trigger language plpgsql as $fn$\nbegin\n  if tg_op = 'DELETE' then\n    execute $sql$delete from story_search_drafts s using old_rows o where s.version_id = o.id$sql$;\n  elsif tg_op = 'INSERT' then\n    insert into story_search_drafts (story_id, version_id, updated_at, words)\n    select distinct on (n.parent_id) n.parent_id, n.id, n.updated_at, to_tsvector('english'::regconfig, coalesce(n.version_search_text, '')) from new_rows n\n    where n.latest and n.parent_id is not null\n    order by n.parent_id, n.id desc\n    on conflict (story_id) do update set version_id = excluded.version_id, updated_at = excluded.updated_at, words = excluded.words;\n  else\n    -- A version that stopped being latest (or moved to another story) leaves, if it was the one kept. (EXECUTE: as\n    -- in story_search_live_follow, planned for this statement's rows.)\n    execute $sql$\n    delete from story_search_drafts s using old_rows o, new_rows n\n    where s.version_id = o.id and n.id = o.id and (not coalesce(n.latest, false) or n.parent_id is distinct from o.parent_id)$sql$;\n    execute $sql$\n    insert into story_search_drafts (story_id, version_id, updated_at, words)\n    select distinct on (n.parent_id) n.parent_id, n.id, n.updated_at, to_tsvector('english'::regconfig, coalesce(n.version_search_text, '')) from new_rows n\n    where n.latest and n.parent_id is not null\n      and not exists (\n        select 1 from old_rows o where o.id = n.id and o.latest and o.parent_id = n.parent_id\n          and o.version_search_text is not distinct from n.version_search_text and o.updated_at = n.updated_at)\n    order by n.parent_id, n.id desc\n    on conflict (story_id) do update set version_id = excluded.version_id, updated_at = excluded.updated_at, words = excluded.words$sql$;\n  end if;\n  return null;\nend $fn$;\n\ndrop trigger if exists story_search_live_on_insert on articles;\ncreate trigger story_search_live_on_insert after insert on articles referencing new table as new_rows for each statement execute function story_search_live_follow();\ndrop trigger if exists story_search_live_on_update on articles;\ncreate trigger story_search_live_on_update after update on articles referencing old table as old_rows new table as new_rows for each statement execute function story_search_live_follow();\ndrop trigger if exists story_search_drafts_on_insert on _articles_v;\ncreate trigger story_search_drafts_on_insert after insert on _articles_v referencing new table as new_rows for each statement execute function story_search_drafts_follow();\ndrop trigger if exists story_search_drafts_on_update on _articles_v;\ncreate trigger story_search_drafts_on_update after update on _articles_v referencing old table as old_rows new table as new_rows for each statement execute function story_search_drafts_follow();\ndrop trigger if exists story_search_drafts_on_delete on _articles_v;\ncreate trigger story_search_drafts_on_delete after delete on _articles_v referencing old table as old_rows for each statement execute function story_search_drafts_follow();\n\n-- Stories already there when the triggers arrive (a database made before search tables existed).\ninsert into story_search_live (story_id, updated_at, words)\nselect n.id, n.updated_at, to_tsvector('english'::regconfig, coalesce(n.search_text, '')) from articles n\non conflict (story_id) do nothing;\ninsert into story_search_drafts (story_id, version_id, updated_at, words)\nselect distinct on (n.parent_id) n.parent_id, n.id, n.updated_at, to_tsvector('english'::regconfig, coalesce(n.version_search_text, '')) from _articles_v n\nwhere n.latest and n.parent_id is not null\norder by n.parent_id, n.id desc\non conflict (story_id) do nothing;\n"))
  // Hand-written (src/db/handWrittenSchema.ts): public stories' count triggers.
  await db.execute(sql.raw("\ncreate table if not exists public_story_count (id integer primary key not null, n integer not null);\ncreate table if not exists public_story_count_pending (id bigserial primary key not null, delta integer not null);\nlock table articles in share row exclusive mode;\ncreate or replace function public_story_count_notes_the_move() returns trigger language plpgsql as $$\ndeclare\n  moved integer;\nbegin\n  -- Each statement names only the transition tables its trigger has (plpgsql plans a statement when it first runs).\n  if tg_op = 'INSERT' then\n    select count(*) into moved from new_rows n where n._status = 'published' and n.deleted_at is null;\n  elsif tg_op = 'DELETE' then\n    select -count(*) into moved from old_rows o where o._status = 'published' and o.deleted_at is null;\n  else\n    select (select count(*) from new_rows n where n._status = 'published' and n.deleted_at is null) - (select count(*) from old_rows o where o._status = 'published' and o.deleted_at is null) into moved;\n  end if;\n  if moved <> 0 then\n    insert into public_story_count_pending (delta) values (moved);\n  end if;\n  return null;\nend $$;\ncreate or replace function public_story_count_applies_the_moves() returns trigger language plpgsql as $$\ndeclare\n  moved bigint;\nbegin\n  -- Gone: applied with the transaction's first pending row, or deleted by a truncate. (The row image is passed anyway.)\n  if not exists (select from public_story_count_pending where id = new.id) then\n    return null;\n  end if;\n  with applied as (delete from public_story_count_pending returning delta)\n  select sum(delta) into moved from applied;\n  if moved <> 0 then\n    update public_story_count set n = n + moved where id = 1;\n  end if;\n  return null;\nend $$;\ncreate or replace function public_story_count_emptied() returns trigger language plpgsql as $$\nbegin\n  delete from public_story_count_pending;\n  update public_story_count set n = 0 where id = 1;\n  return null;\nend $$;\ndrop trigger if exists public_story_count_on_insert on articles;\ncreate trigger public_story_count_on_insert after insert on articles referencing new table as new_rows for each statement execute function public_story_count_notes_the_move();\ndrop trigger if exists public_story_count_on_update on articles;\ncreate trigger public_story_count_on_update after update on articles referencing old table as old_rows new table as new_rows for each statement execute function public_story_count_notes_the_move();\ndrop trigger if exists public_story_count_on_delete on articles;\ncreate trigger public_story_count_on_delete after delete on articles referencing old table as old_rows for each statement execute function public_story_count_notes_the_move();\ndrop trigger if exists public_story_count_on_truncate on articles;\ncreate trigger public_story_count_on_truncate after truncate on articles for each statement execute function public_story_count_emptied();\ndrop trigger if exists public_story_count_at_commit on public_story_count_pending;\ncreate constraint trigger public_story_count_at_commit after insert on public_story_count_pending deferrable initially deferred for each row execute function public_story_count_applies_the_moves();\n-- What the triggers of the same names ran before they moved the count once per statement (pushed databases had it).\ndrop function if exists public_story_count_moves();\ninsert into public_story_count (id, n) select 1, count(*)::int from articles where _status = 'published' and deleted_at is null\n  on conflict (id) do update set n = excluded.n;\n"))
  // Hand-written (src/db/handWrittenSchema.ts): attribution audit triggers.
  await db.execute(sql.raw("\n-- One install at a time (several processes starting on one dev database); the statements run as one transaction.\nselect pg_advisory_xact_lock(hashtext('attribution audit triggers'));\ndo $install$ begin\n  -- Installed on a database that already has photos (or stories pointing at missing ones): judge them all once.\n  if not exists (select 1 from pg_trigger where tgname = 'attribution_audit_media_added') then\n    insert into attribution_audit_recheck (media_id, mark)\n      select id, txid_current() from media\n      union select r.media_id, txid_current() from articles_rels r\n        where r.media_id is not null and not exists (select 1 from media m where m.id = r.media_id)\n    on conflict (media_id) do nothing;\n  end if;\nend $install$;\n\ncreate or replace function attribution_audit_mark(ids integer[]) returns void language sql as $$\n  insert into attribution_audit_recheck (media_id, mark)\n  select distinct id, txid_current() from unnest(ids) as id where id is not null\n  on conflict (media_id) do update set mark = excluded.mark\n$$;\n\ncreate or replace function attribution_audit_mark_credits(credit_ids integer[]) returns void language sql as $$\n  select attribution_audit_mark(array(select m.id from media m where m.credit_id = any(credit_ids)))\n$$;\n\ncreate or replace function attribution_audit_media_changed() returns trigger language plpgsql as $$\nbegin\n  if tg_op <> 'INSERT' then perform attribution_audit_mark(array[old.id]); end if;\n  if tg_op <> 'DELETE' then perform attribution_audit_mark(array[new.id]); end if;\n  return null;\nend $$;\n\ncreate or replace function attribution_audit_credit_changed() returns trigger language plpgsql as $$\nbegin\n  if tg_op <> 'INSERT' then perform attribution_audit_mark_credits(array[old.id]); end if;\n  if tg_op <> 'DELETE' then perform attribution_audit_mark_credits(array[new.id]); end if;\n  return null;\nend $$;\n\ncreate or replace function attribution_audit_credit_parts_changed() returns trigger language plpgsql as $$\nbegin\n  if tg_op <> 'INSERT' then perform attribution_audit_mark_credits(array[old.parent_id]); end if;\n  if tg_op <> 'DELETE' then perform attribution_audit_mark_credits(array[new.parent_id]); end if;\n  return null;\nend $$;\n\ncreate or replace function attribution_audit_organization_changed() returns trigger language plpgsql as $$\ndeclare\n  organization_ids integer[] := array[]::integer[];\nbegin\n  if tg_op <> 'INSERT' then organization_ids := organization_ids || old.id; end if;\n  if tg_op <> 'DELETE' then organization_ids := organization_ids || new.id; end if;\n  perform attribution_audit_mark_credits(array(\n    select c.id from photo_credits c where c.courtesy_of_id = any(organization_ids)\n    union select r.parent_id from photo_credits_rels r where r.organizations_id = any(organization_ids)));\n  return null;\nend $$;\n\n-- A story pointing at a photo that does not exist (only possible with the foreign keys switched off).\ncreate or replace function attribution_audit_story_image_added() returns trigger language plpgsql as $$\nbegin\n  if new.media_id is not null and not exists (select 1 from media m where m.id = new.media_id) then\n    perform attribution_audit_mark(array[new.media_id]);\n  end if;\n  return null;\nend $$;\n\n-- TRUNCATE fires no row trigger: emptying the credits' agencies (or the organizations) re-judges every credited\n-- photo, once (a truncate is rare; the tables it cascades to fire their own).\ncreate or replace function attribution_audit_every_credited_photo() returns trigger language plpgsql as $$\nbegin\n  perform attribution_audit_mark(array(select m.id from media m where m.credit_id is not null));\n  return null;\nend $$;\n\n-- The triggers also fire while foreign keys and ordinary triggers are off for a load (session_replication_role =\n-- replica): that is exactly when rows the application never wrote arrive.\ndrop trigger if exists attribution_audit_media_added on media;\ncreate trigger attribution_audit_media_added after insert or delete on media for each row execute function attribution_audit_media_changed();\ndrop trigger if exists attribution_audit_media_edited on media;\ncreate trigger attribution_audit_media_edited after update on media for each row when (old.id is distinct from new.id or old.alt is distinct from new.alt or old.filename is distinct from new.filename or old.credit_id is distinct from new.credit_id) execute function attribution_audit_media_changed();\ndrop trigger if exists attribution_audit_credit_added on photo_credits;\ncreate trigger attribution_audit_credit_added after insert or delete on photo_credits for each row execute function attribution_audit_credit_changed();\ndrop trigger if exists attribution_audit_credit_edited on photo_credits;\ncreate trigger attribution_audit_credit_edited after update on photo_credits for each row when (old.id is distinct from new.id or old.photographer is distinct from new.photographer or old.pool is distinct from new.pool or old.courtesy_of_id is distinct from new.courtesy_of_id) execute function attribution_audit_credit_changed();\ndrop trigger if exists attribution_audit_credit_parts_changed on photo_credits_rels;\ncreate trigger attribution_audit_credit_parts_changed after insert or update or delete on photo_credits_rels for each row execute function attribution_audit_credit_parts_changed();\ndrop trigger if exists attribution_audit_organization_added on organizations;\ncreate trigger attribution_audit_organization_added after insert or delete on organizations for each row execute function attribution_audit_organization_changed();\ndrop trigger if exists attribution_audit_organization_renamed on organizations;\ncreate trigger attribution_audit_organization_renamed after update on organizations for each row when (old.id is distinct from new.id or old.name is distinct from new.name) execute function attribution_audit_organization_changed();\ndrop trigger if exists attribution_audit_story_image_added on articles_rels;\ncreate trigger attribution_audit_story_image_added after insert or update of media_id on articles_rels for each row execute function attribution_audit_story_image_added();\ndrop trigger if exists attribution_audit_credit_parts_emptied on photo_credits_rels;\ncreate trigger attribution_audit_credit_parts_emptied after truncate on photo_credits_rels for each statement execute function attribution_audit_every_credited_photo();\ndrop trigger if exists attribution_audit_organizations_emptied on organizations;\ncreate trigger attribution_audit_organizations_emptied after truncate on organizations for each statement execute function attribution_audit_every_credited_photo();\nalter table media enable always trigger attribution_audit_media_added;\nalter table media enable always trigger attribution_audit_media_edited;\nalter table photo_credits enable always trigger attribution_audit_credit_added;\nalter table photo_credits enable always trigger attribution_audit_credit_edited;\nalter table photo_credits_rels enable always trigger attribution_audit_credit_parts_changed;\nalter table organizations enable always trigger attribution_audit_organization_added;\nalter table organizations enable always trigger attribution_audit_organization_renamed;\nalter table articles_rels enable always trigger attribution_audit_story_image_added;\nalter table photo_credits_rels enable always trigger attribution_audit_credit_parts_emptied;\nalter table organizations enable always trigger attribution_audit_organizations_emptied;\n"))

}

export async function down({ db, payload, req }: MigrateDownArgs): Promise<void> {
  // Hand-written (src/db/handWrittenSchema.ts): attribution audit triggers, undone.
  await db.execute(sql.raw("drop function if exists attribution_audit_mark(integer[]) cascade;\ndrop function if exists attribution_audit_mark_credits(integer[]) cascade;\ndrop function if exists attribution_audit_media_changed() cascade;\ndrop function if exists attribution_audit_credit_changed() cascade;\ndrop function if exists attribution_audit_credit_parts_changed() cascade;\ndrop function if exists attribution_audit_organization_changed() cascade;\ndrop function if exists attribution_audit_story_image_added() cascade;\ndrop function if exists attribution_audit_every_credited_photo() cascade;"))
  // Hand-written (src/db/handWrittenSchema.ts): public stories' count triggers, undone.
  await db.execute(sql.raw("drop trigger if exists public_story_count_on_insert on articles;\ndrop trigger if exists public_story_count_on_update on articles;\ndrop trigger if exists public_story_count_on_delete on articles;\ndrop trigger if exists public_story_count_on_truncate on articles;\ndrop trigger if exists public_story_count_at_commit on public_story_count_pending;\ndrop function if exists public_story_count_notes_the_move();\ndrop function if exists public_story_count_emptied();\ndrop function if exists public_story_count_applies_the_moves();"))
  // Hand-written (src/db/handWrittenSchema.ts): story search triggers, undone.
  await db.execute(sql.raw("drop trigger if exists story_search_live_on_insert on articles;\ndrop trigger if exists story_search_live_on_update on articles;\ndrop trigger if exists story_search_drafts_on_insert on _articles_v;\ndrop trigger if exists story_search_drafts_on_update on _articles_v;\ndrop trigger if exists story_search_drafts_on_delete on _articles_v;\ndrop function if exists story_search_live_follow();\ndrop function if exists story_search_drafts_follow();"))
  await db.execute(sql`
   DROP TABLE "attribution_audit_recheck" CASCADE;
  DROP TABLE "attribution_audit_suspects" CASCADE;
  DROP TABLE "articles_previous_slugs" CASCADE;
  DROP TABLE "articles_contributors" CASCADE;
  DROP TABLE "articles_reader_notes" CASCADE;
  DROP TABLE "articles_desk_check_waivers" CASCADE;
  DROP TABLE "articles" CASCADE;
  DROP TABLE "articles_texts" CASCADE;
  DROP TABLE "articles_rels" CASCADE;
  DROP TABLE "_articles_v_version_previous_slugs" CASCADE;
  DROP TABLE "_articles_v_version_contributors" CASCADE;
  DROP TABLE "_articles_v_version_reader_notes" CASCADE;
  DROP TABLE "_articles_v_version_desk_check_waivers" CASCADE;
  DROP TABLE "_articles_v" CASCADE;
  DROP TABLE "_articles_v_texts" CASCADE;
  DROP TABLE "_articles_v_rels" CASCADE;
  DROP TABLE "media" CASCADE;
  DROP TABLE "photo_credits" CASCADE;
  DROP TABLE "photo_credits_rels" CASCADE;
  DROP TABLE "organizations_social_handles" CASCADE;
  DROP TABLE "organizations" CASCADE;
  DROP TABLE "calls_to_action" CASCADE;
  DROP TABLE "calls_to_action_texts" CASCADE;
  DROP TABLE "editorial_notes" CASCADE;
  DROP TABLE "article_transitions" CASCADE;
  DROP TABLE "workflow_alerts" CASCADE;
  DROP TABLE "preview_links" CASCADE;
  DROP TABLE "users_sessions" CASCADE;
  DROP TABLE "users" CASCADE;
  DROP TABLE "webhooks_events" CASCADE;
  DROP TABLE "webhooks" CASCADE;
  DROP TABLE "webhook_deliveries" CASCADE;
  DROP TABLE "audit_events" CASCADE;
  DROP TABLE "photo_metadata_writes" CASCADE;
  DROP TABLE "payload_kv" CASCADE;
  DROP TABLE "payload_jobs_log" CASCADE;
  DROP TABLE "payload_jobs" CASCADE;
  DROP TABLE "payload_locked_documents" CASCADE;
  DROP TABLE "payload_locked_documents_rels" CASCADE;
  DROP TABLE "payload_preferences" CASCADE;
  DROP TABLE "payload_preferences_rels" CASCADE;
  DROP TABLE "payload_migrations" CASCADE;
  DROP TABLE "site_settings" CASCADE;
  DROP TABLE "payload_jobs_stats" CASCADE;
  DROP TABLE "story_search_live" CASCADE;
  DROP TABLE "story_search_drafts" CASCADE;
  DROP TABLE "public_story_count" CASCADE;
  DROP TABLE "public_story_count_pending" CASCADE;
  DROP TYPE "public"."enum_articles_reader_notes_kind";
  DROP TYPE "public"."enum_articles_desk_check_waivers_check";
  DROP TYPE "public"."enum_articles_stage";
  DROP TYPE "public"."enum_articles_status";
  DROP TYPE "public"."enum__articles_v_version_reader_notes_kind";
  DROP TYPE "public"."enum__articles_v_version_desk_check_waivers_check";
  DROP TYPE "public"."enum__articles_v_version_stage";
  DROP TYPE "public"."enum__articles_v_version_status";
  DROP TYPE "public"."enum_photo_credits_license";
  DROP TYPE "public"."enum_organizations_social_handles_platform";
  DROP TYPE "public"."enum_organizations_kind";
  DROP TYPE "public"."enum_calls_to_action_kind";
  DROP TYPE "public"."enum_calls_to_action_status";
  DROP TYPE "public"."enum_article_transitions_from";
  DROP TYPE "public"."enum_article_transitions_to";
  DROP TYPE "public"."enum_workflow_alerts_kind";
  DROP TYPE "public"."enum_users_role";
  DROP TYPE "public"."enum_webhooks_events";
  DROP TYPE "public"."enum_webhook_deliveries_event";
  DROP TYPE "public"."enum_webhook_deliveries_status";
  DROP TYPE "public"."enum_audit_events_action";
  DROP TYPE "public"."enum_photo_metadata_writes_status";
  DROP TYPE "public"."enum_payload_jobs_log_task_slug";
  DROP TYPE "public"."enum_payload_jobs_log_state";
  DROP TYPE "public"."enum_payload_jobs_task_slug";`)
}
