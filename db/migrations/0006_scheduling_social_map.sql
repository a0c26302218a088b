CREATE TABLE `email_suppression` (
	`address` text PRIMARY KEY NOT NULL,
	`reason` text NOT NULL,
	`event_id` text NOT NULL,
	`created_at` integer NOT NULL,
	CONSTRAINT "email_suppression_reason_known" CHECK("email_suppression"."reason" IN ('bounce', 'complaint'))
);
--> statement-breakpoint
CREATE TABLE `notification_setting` (
	`user_id` integer PRIMARY KEY NOT NULL,
	`day_before_at` text DEFAULT '18:00',
	`hours_before` integer DEFAULT 2,
	`after_session` integer DEFAULT true NOT NULL,
	`digest` integer DEFAULT false NOT NULL,
	`digest_covered_until` integer,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `user`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "notification_setting_day_before_format" CHECK("notification_setting"."day_before_at" IS NULL OR "notification_setting"."day_before_at" GLOB '[0-2][0-9]:[0-5][0-9]'),
	CONSTRAINT "notification_setting_hours_before_range" CHECK("notification_setting"."hours_before" IS NULL OR "notification_setting"."hours_before" BETWEEN 1 AND 48)
);
--> statement-breakpoint
CREATE TABLE `webhook_event` (
	`id` text PRIMARY KEY NOT NULL,
	`type` text NOT NULL,
	`provider_id` text,
	`payload` text NOT NULL,
	`received_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `webhook_event_provider_idx` ON `webhook_event` (`provider_id`);--> statement-breakpoint
CREATE TABLE `facility_cooperation` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`from_service_id` integer NOT NULL,
	`to_service_id` integer NOT NULL,
	`kind` text NOT NULL,
	`purpose` text NOT NULL,
	`created_by_id` integer,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`from_service_id`) REFERENCES `facility_service`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`to_service_id`) REFERENCES `facility_service`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`created_by_id`) REFERENCES `user`(`id`) ON UPDATE no action ON DELETE set null,
	CONSTRAINT "facility_cooperation_not_self" CHECK("facility_cooperation"."from_service_id" <> "facility_cooperation"."to_service_id"),
	CONSTRAINT "facility_cooperation_kind_known" CHECK(kind IN ('agreement', 'referral')),
	CONSTRAINT "facility_cooperation_purpose_length" CHECK(length(trim("facility_cooperation"."purpose")) BETWEEN 1 AND 500)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `facility_cooperation_unique` ON `facility_cooperation` (`from_service_id`,`to_service_id`,`kind`);--> statement-breakpoint
CREATE INDEX `facility_cooperation_to_idx` ON `facility_cooperation` (`to_service_id`);--> statement-breakpoint
CREATE TABLE `facility_import` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`municipality_id` integer NOT NULL,
	`format` text NOT NULL,
	`status` text NOT NULL,
	`total` integer DEFAULT 0 NOT NULL,
	`processed` integer DEFAULT 0 NOT NULL,
	`errors` text DEFAULT '[]' NOT NULL,
	`payload` text,
	`created_by_id` integer,
	`created_at` integer NOT NULL,
	`finished_at` integer,
	FOREIGN KEY (`municipality_id`) REFERENCES `municipality`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`created_by_id`) REFERENCES `user`(`id`) ON UPDATE no action ON DELETE set null,
	CONSTRAINT "facility_import_status_known" CHECK("facility_import"."status" IN ('validating', 'invalid', 'importing', 'done', 'failed')),
	CONSTRAINT "facility_import_progress" CHECK("facility_import"."processed" >= 0 AND "facility_import"."processed" <= "facility_import"."total")
);
--> statement-breakpoint
CREATE INDEX `facility_import_municipality_idx` ON `facility_import` (`municipality_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `facility_location` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`hsds_id` text NOT NULL,
	`organization_id` integer NOT NULL,
	`name` text NOT NULL,
	`address` text NOT NULL,
	`postcode` text NOT NULL,
	`city` text NOT NULL,
	`neighbourhood_id` integer NOT NULL,
	`latitude` real,
	`longitude` real,
	`accessibility` text DEFAULT '[]' NOT NULL,
	`accessibility_note` text DEFAULT '' NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`organization_id`) REFERENCES `facility_organization`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`neighbourhood_id`) REFERENCES `neighbourhood`(`id`) ON UPDATE no action ON DELETE restrict,
	CONSTRAINT "facility_location_postcode_format" CHECK("facility_location"."postcode" GLOB '[1-9][0-9][0-9][0-9][A-Z][A-Z]'),
	CONSTRAINT "facility_location_latitude" CHECK("facility_location"."latitude" IS NULL OR "facility_location"."latitude" BETWEEN -90 AND 90),
	CONSTRAINT "facility_location_longitude" CHECK("facility_location"."longitude" IS NULL OR "facility_location"."longitude" BETWEEN -180 AND 180),
	CONSTRAINT "facility_location_accessibility_json" CHECK(json_valid("facility_location"."accessibility"))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `facility_location_hsds_unique` ON `facility_location` (`hsds_id`);--> statement-breakpoint
CREATE INDEX `facility_location_organization_idx` ON `facility_location` (`organization_id`);--> statement-breakpoint
CREATE INDEX `facility_location_neighbourhood_idx` ON `facility_location` (`neighbourhood_id`);--> statement-breakpoint
CREATE TABLE `facility_opening_hours` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`service_id` integer NOT NULL,
	`weekday` integer NOT NULL,
	`opens_at` text NOT NULL,
	`closes_at` text NOT NULL,
	FOREIGN KEY (`service_id`) REFERENCES `facility_service`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "facility_opening_hours_weekday" CHECK("facility_opening_hours"."weekday" BETWEEN 1 AND 7),
	CONSTRAINT "facility_opening_hours_format" CHECK("facility_opening_hours"."opens_at" GLOB '[0-2][0-9]:[0-5][0-9]' AND "facility_opening_hours"."closes_at" GLOB '[0-2][0-9]:[0-5][0-9]'),
	CONSTRAINT "facility_opening_hours_ordered" CHECK("facility_opening_hours"."closes_at" > "facility_opening_hours"."opens_at")
);
--> statement-breakpoint
CREATE INDEX `facility_opening_hours_service_idx` ON `facility_opening_hours` (`service_id`,`weekday`);--> statement-breakpoint
CREATE TABLE `facility_organization` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`hsds_id` text NOT NULL,
	`municipality_id` integer NOT NULL,
	`name` text NOT NULL,
	`description` text DEFAULT '' NOT NULL,
	`email` text,
	`website` text,
	`phone` text,
	`organisation_id` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`municipality_id`) REFERENCES `municipality`(`id`) ON UPDATE no action ON DELETE restrict,
	FOREIGN KEY (`organisation_id`) REFERENCES `organisation`(`id`) ON UPDATE no action ON DELETE set null,
	CONSTRAINT "facility_organization_name_length" CHECK(length(trim("facility_organization"."name")) BETWEEN 1 AND 160)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `facility_organization_hsds_unique` ON `facility_organization` (`hsds_id`);--> statement-breakpoint
CREATE INDEX `facility_organization_organisation_idx` ON `facility_organization` (`organisation_id`);--> statement-breakpoint
CREATE TABLE `facility_service` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`hsds_id` text NOT NULL,
	`organization_id` integer NOT NULL,
	`location_id` integer NOT NULL,
	`name` text NOT NULL,
	`category` text NOT NULL,
	`description` text DEFAULT '' NOT NULL,
	`target_groups` text NOT NULL,
	`eligibility` text DEFAULT '' NOT NULL,
	`access` text NOT NULL,
	`cost` text DEFAULT '' NOT NULL,
	`free` integer DEFAULT false NOT NULL,
	`languages` text NOT NULL,
	`email` text,
	`phone` text,
	`url` text,
	`waiting_weeks` integer,
	`capacity_status` text DEFAULT 'open' NOT NULL,
	`verified_at` integer NOT NULL,
	`verified_by_id` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`organization_id`) REFERENCES `facility_organization`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`location_id`) REFERENCES `facility_location`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`verified_by_id`) REFERENCES `user`(`id`) ON UPDATE no action ON DELETE set null,
	CONSTRAINT "facility_service_name_length" CHECK(length(trim("facility_service"."name")) BETWEEN 1 AND 160),
	CONSTRAINT "facility_service_category_known" CHECK(category IN ('childcare', 'education', 'culture', 'financial-support', 'parenting-support', 'youth-care', 'disability-care', 'mental-health', 'respite-day-care', 'health', 'sport-leisure', 'debt-income', 'housing', 'language-integration')),
	CONSTRAINT "facility_service_access_known" CHECK(access IN ('walk-in', 'referral', 'waiting-list')),
	CONSTRAINT "facility_service_capacity_known" CHECK(capacity_status IN ('open', 'limited', 'full')),
	CONSTRAINT "facility_service_waiting_non_negative" CHECK("facility_service"."waiting_weeks" IS NULL OR "facility_service"."waiting_weeks" BETWEEN 0 AND 520),
	CONSTRAINT "facility_service_target_groups_json" CHECK(json_valid("facility_service"."target_groups")),
	CONSTRAINT "facility_service_languages_json" CHECK(json_valid("facility_service"."languages"))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `facility_service_hsds_unique` ON `facility_service` (`hsds_id`);--> statement-breakpoint
CREATE INDEX `facility_service_location_idx` ON `facility_service` (`location_id`);--> statement-breakpoint
CREATE INDEX `facility_service_organization_idx` ON `facility_service` (`organization_id`);--> statement-breakpoint
CREATE INDEX `facility_service_category_idx` ON `facility_service` (`category`,`capacity_status`);--> statement-breakpoint
CREATE INDEX `facility_service_verified_idx` ON `facility_service` (`verified_at`);--> statement-breakpoint
CREATE TABLE `indicator_threshold` (
	`municipality_id` integer NOT NULL,
	`key` text NOT NULL,
	`value` real NOT NULL,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`municipality_id`, `key`),
	FOREIGN KEY (`municipality_id`) REFERENCES `municipality`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "indicator_threshold_non_negative" CHECK("indicator_threshold"."value" >= 0)
);
--> statement-breakpoint
CREATE TABLE `signal` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`municipality_id` integer NOT NULL,
	`kind` text NOT NULL,
	`neighbourhood_id` integer,
	`category` text,
	`title` text NOT NULL,
	`description` text NOT NULL,
	`status` text DEFAULT 'draft' NOT NULL,
	`raised_on` text,
	`raised_with` text,
	`response` text,
	`responded_on` text,
	`resolved_on` text,
	`created_by_id` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`municipality_id`) REFERENCES `municipality`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`neighbourhood_id`) REFERENCES `neighbourhood`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`created_by_id`) REFERENCES `user`(`id`) ON UPDATE no action ON DELETE set null,
	CONSTRAINT "signal_kind_known" CHECK("signal"."kind" IN ('supply', 'access', 'throughput')),
	CONSTRAINT "signal_status_known" CHECK("signal"."status" IN ('draft', 'raised', 'responded', 'resolved')),
	CONSTRAINT "signal_title_length" CHECK(length(trim("signal"."title")) BETWEEN 1 AND 160),
	CONSTRAINT "signal_raised_has_date" CHECK("signal"."status" = 'draft' OR ("signal"."raised_on" IS NOT NULL AND "signal"."raised_with" IS NOT NULL))
);
--> statement-breakpoint
CREATE INDEX `signal_municipality_status_idx` ON `signal` (`municipality_id`,`status`);--> statement-breakpoint
CREATE TABLE `signal_event` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`signal_id` integer NOT NULL,
	`status` text NOT NULL,
	`note` text DEFAULT '' NOT NULL,
	`by_id` integer,
	`at` integer NOT NULL,
	FOREIGN KEY (`signal_id`) REFERENCES `signal`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`by_id`) REFERENCES `user`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `signal_event_signal_idx` ON `signal_event` (`signal_id`,`at`);--> statement-breakpoint
CREATE TABLE `signal_evidence` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`signal_id` integer NOT NULL,
	`indicator` text NOT NULL,
	`neighbourhood_id` integer,
	`category` text,
	`period_start` text NOT NULL,
	`period_end` text NOT NULL,
	`value` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`signal_id`) REFERENCES `signal`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`neighbourhood_id`) REFERENCES `neighbourhood`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `signal_evidence_signal_idx` ON `signal_evidence` (`signal_id`);--> statement-breakpoint
PRAGMA foreign_keys=OFF;--> statement-breakpoint
CREATE TABLE `__new_email_outbox` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`template` text NOT NULL,
	`idempotency_key` text NOT NULL,
	`to_address` text NOT NULL,
	`user_id` integer,
	`topic` text,
	`locale` text NOT NULL,
	`time_zone` text NOT NULL,
	`props` text NOT NULL,
	`sealed_secrets` text,
	`status` text DEFAULT 'pending' NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`run_at` integer NOT NULL,
	`lease_owner` text,
	`batch_key` text,
	`lease_until` integer,
	`last_error` text,
	`provider_id` text,
	`created_at` integer NOT NULL,
	`sent_at` integer,
	FOREIGN KEY (`user_id`) REFERENCES `user`(`id`) ON UPDATE no action ON DELETE set null,
	CONSTRAINT "email_outbox_status_known" CHECK("__new_email_outbox"."status" IN ('pending', 'sending', 'sent', 'dead', 'cancelled')),
	CONSTRAINT "email_outbox_attempts_non_negative" CHECK("__new_email_outbox"."attempts" >= 0),
	CONSTRAINT "email_outbox_lease_consistent" CHECK("__new_email_outbox"."status" <> 'sending' OR ("__new_email_outbox"."lease_owner" IS NOT NULL AND "__new_email_outbox"."lease_until" IS NOT NULL)),
	CONSTRAINT "email_outbox_sent_has_time" CHECK("__new_email_outbox"."status" <> 'sent' OR "__new_email_outbox"."sent_at" IS NOT NULL)
);
--> statement-breakpoint
INSERT INTO `__new_email_outbox`("id", "template", "idempotency_key", "to_address", "locale", "time_zone", "props", "sealed_secrets", "status", "attempts", "run_at", "lease_owner", "lease_until", "last_error", "provider_id", "created_at", "sent_at") SELECT "id", "template", "idempotency_key", "to_address", "locale", "time_zone", "props", "sealed_secrets", "status", "attempts", "run_at", "lease_owner", "lease_until", "last_error", "provider_id", "created_at", "sent_at" FROM `email_outbox`;--> statement-breakpoint
DROP TABLE `email_outbox`;--> statement-breakpoint
ALTER TABLE `__new_email_outbox` RENAME TO `email_outbox`;--> statement-breakpoint
PRAGMA foreign_keys=ON;--> statement-breakpoint
CREATE UNIQUE INDEX `email_outbox_idempotency_unique` ON `email_outbox` (`idempotency_key`);--> statement-breakpoint
CREATE INDEX `email_outbox_due_idx` ON `email_outbox` (`status`,`run_at`);--> statement-breakpoint
CREATE INDEX `email_outbox_topic_idx` ON `email_outbox` (`topic`,`status`);--> statement-breakpoint
CREATE INDEX `email_outbox_user_idx` ON `email_outbox` (`user_id`);--> statement-breakpoint
CREATE INDEX `email_outbox_batch_idx` ON `email_outbox` (`batch_key`);--> statement-breakpoint
ALTER TABLE `activity` ADD `facility_location_id` integer REFERENCES facility_location(id) ON DELETE set null;--> statement-breakpoint
CREATE INDEX `activity_facility_location_idx` ON `activity` (`facility_location_id`);--> statement-breakpoint
ALTER TABLE `signup` ADD `confirmed_at` integer;--> statement-breakpoint
ALTER TABLE `help_session` ADD `coming_confirmed_at` integer;