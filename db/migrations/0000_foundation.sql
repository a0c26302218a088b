CREATE TABLE `login_token` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`email` text NOT NULL,
	`link_hash` text NOT NULL,
	`code_hash` text NOT NULL,
	`requester_hash` text NOT NULL,
	`created_at` integer NOT NULL,
	`expires_at` integer NOT NULL,
	`used_at` integer,
	`failed_attempts` integer DEFAULT 0 NOT NULL,
	CONSTRAINT "login_token_expiry_after_creation" CHECK("login_token"."expires_at" > "login_token"."created_at"),
	CONSTRAINT "login_token_attempts_non_negative" CHECK("login_token"."failed_attempts" >= 0)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `login_token_link_unique` ON `login_token` (`link_hash`);--> statement-breakpoint
CREATE INDEX `login_token_email_idx` ON `login_token` (`email`,`created_at`);--> statement-breakpoint
CREATE INDEX `login_token_requester_idx` ON `login_token` (`requester_hash`,`created_at`);--> statement-breakpoint
CREATE TABLE `rate_limit_hit` (
	`key` text PRIMARY KEY NOT NULL,
	`hits` integer NOT NULL,
	`reset_at` integer NOT NULL,
	CONSTRAINT "rate_limit_hits_positive" CHECK("rate_limit_hit"."hits" > 0)
);
--> statement-breakpoint
CREATE INDEX `rate_limit_hit_reset_idx` ON `rate_limit_hit` (`reset_at`);--> statement-breakpoint
CREATE TABLE `session` (
	`id_hash` text PRIMARY KEY NOT NULL,
	`user_id` integer NOT NULL,
	`created_at` integer NOT NULL,
	`last_seen_at` integer NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `user`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "session_times_ordered" CHECK("session"."last_seen_at" >= "session"."created_at")
);
--> statement-breakpoint
CREATE INDEX `session_user_idx` ON `session` (`user_id`);--> statement-breakpoint
CREATE TABLE `organisation` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`slug` text NOT NULL,
	`name` text NOT NULL,
	`kind` text NOT NULL,
	`description` text DEFAULT '' NOT NULL,
	`contact_email` text,
	`status` text DEFAULT 'pending' NOT NULL,
	`created_at` integer NOT NULL,
	CONSTRAINT "organisation_slug_format" CHECK(length("organisation"."slug") BETWEEN 2 AND 64 AND "organisation"."slug" NOT GLOB '*[^a-z0-9-]*'),
	CONSTRAINT "organisation_kind_known" CHECK("organisation"."kind" IN ('sports', 'culture', 'school', 'employer', 'welfare', 'other')),
	CONSTRAINT "organisation_status_known" CHECK("organisation"."status" IN ('pending', 'approved'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `organisation_slug_unique` ON `organisation` (`slug`);--> statement-breakpoint
CREATE TABLE `organisation_membership` (
	`organisation_id` integer NOT NULL,
	`user_id` integer NOT NULL,
	`role` text NOT NULL,
	`created_at` integer NOT NULL,
	PRIMARY KEY(`organisation_id`, `user_id`),
	FOREIGN KEY (`organisation_id`) REFERENCES `organisation`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`user_id`) REFERENCES `user`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "organisation_membership_role_known" CHECK("organisation_membership"."role" IN ('member', 'admin'))
);
--> statement-breakpoint
CREATE INDEX `organisation_membership_user_idx` ON `organisation_membership` (`user_id`);--> statement-breakpoint
CREATE TABLE `email_outbox` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`template` text NOT NULL,
	`idempotency_key` text NOT NULL,
	`to_address` text NOT NULL,
	`locale` text NOT NULL,
	`time_zone` text NOT NULL,
	`props` text NOT NULL,
	`sealed_secrets` text,
	`status` text DEFAULT 'pending' NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`run_at` integer NOT NULL,
	`lease_owner` text,
	`lease_until` integer,
	`last_error` text,
	`provider_id` text,
	`created_at` integer NOT NULL,
	`sent_at` integer,
	CONSTRAINT "email_outbox_status_known" CHECK("email_outbox"."status" IN ('pending', 'sending', 'sent', 'dead')),
	CONSTRAINT "email_outbox_attempts_non_negative" CHECK("email_outbox"."attempts" >= 0),
	CONSTRAINT "email_outbox_lease_consistent" CHECK("email_outbox"."status" <> 'sending' OR ("email_outbox"."lease_owner" IS NOT NULL AND "email_outbox"."lease_until" IS NOT NULL)),
	CONSTRAINT "email_outbox_sent_has_time" CHECK("email_outbox"."status" <> 'sent' OR "email_outbox"."sent_at" IS NOT NULL)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `email_outbox_idempotency_unique` ON `email_outbox` (`idempotency_key`);--> statement-breakpoint
CREATE INDEX `email_outbox_due_idx` ON `email_outbox` (`status`,`run_at`);--> statement-breakpoint
CREATE TABLE `mailbox_message` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`idempotency_key` text NOT NULL,
	`to_address` text NOT NULL,
	`from_address` text NOT NULL,
	`subject` text NOT NULL,
	`html` text NOT NULL,
	`text` text NOT NULL,
	`headers` text NOT NULL,
	`received_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `mailbox_message_idempotency_unique` ON `mailbox_message` (`idempotency_key`);--> statement-breakpoint
CREATE TABLE `municipality` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`time_zone` text DEFAULT 'Europe/Amsterdam' NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `municipality_name_unique` ON `municipality` (`name`);--> statement-breakpoint
CREATE TABLE `neighbourhood` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`municipality_id` integer NOT NULL,
	`name` text NOT NULL,
	`slug` text NOT NULL,
	FOREIGN KEY (`municipality_id`) REFERENCES `municipality`(`id`) ON UPDATE no action ON DELETE restrict,
	CONSTRAINT "neighbourhood_name_not_blank" CHECK(length(trim("neighbourhood"."name")) > 0)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `neighbourhood_municipality_name_unique` ON `neighbourhood` (`municipality_id`,`name`);--> statement-breakpoint
CREATE UNIQUE INDEX `neighbourhood_slug_unique` ON `neighbourhood` (`slug`);--> statement-breakpoint
CREATE TABLE `neighbourhood_postcode` (
	`postcode` text PRIMARY KEY NOT NULL,
	`neighbourhood_id` integer NOT NULL,
	FOREIGN KEY (`neighbourhood_id`) REFERENCES `neighbourhood`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "neighbourhood_postcode_format" CHECK("neighbourhood_postcode"."postcode" GLOB '[1-9][0-9][0-9][0-9]')
);
--> statement-breakpoint
CREATE INDEX `neighbourhood_postcode_neighbourhood_idx` ON `neighbourhood_postcode` (`neighbourhood_id`);--> statement-breakpoint
CREATE TABLE `role_grant` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`user_id` integer NOT NULL,
	`role` text NOT NULL,
	`neighbourhood_id` integer,
	`granted_at` integer NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `user`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`neighbourhood_id`) REFERENCES `neighbourhood`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "role_grant_scope" CHECK(("role_grant"."role" = 'coordinator' AND "role_grant"."neighbourhood_id" IS NOT NULL) OR ("role_grant"."role" = 'admin' AND "role_grant"."neighbourhood_id" IS NULL))
);
--> statement-breakpoint
CREATE INDEX `role_grant_user_idx` ON `role_grant` (`user_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `role_grant_coordinator_unique` ON `role_grant` (`user_id`,`neighbourhood_id`) WHERE "role_grant"."role" = 'coordinator';--> statement-breakpoint
CREATE UNIQUE INDEX `role_grant_admin_unique` ON `role_grant` (`user_id`) WHERE "role_grant"."role" = 'admin';--> statement-breakpoint
CREATE TABLE `consent` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`user_id` integer NOT NULL,
	`purpose` text NOT NULL,
	`version` text NOT NULL,
	`given_at` integer NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `user`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "consent_purpose_known" CHECK("consent"."purpose" IN ('privacy-statement', 'care-details'))
);
--> statement-breakpoint
CREATE INDEX `consent_user_idx` ON `consent` (`user_id`);--> statement-breakpoint
CREATE TABLE `user` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`email` text NOT NULL,
	`name` text NOT NULL,
	`phone` text,
	`postcode` text NOT NULL,
	`neighbourhood_id` integer NOT NULL,
	`locale` text DEFAULT 'nl' NOT NULL,
	`time_zone` text DEFAULT 'Europe/Amsterdam' NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`neighbourhood_id`) REFERENCES `neighbourhood`(`id`) ON UPDATE no action ON DELETE restrict,
	CONSTRAINT "user_email_normalised" CHECK("user"."email" = lower(trim("user"."email")) AND instr("user"."email", '@') > 1),
	CONSTRAINT "user_name_not_blank" CHECK(length(trim("user"."name")) > 0),
	CONSTRAINT "user_postcode_format" CHECK("user"."postcode" GLOB '[1-9][0-9][0-9][0-9][A-Z][A-Z]'),
	CONSTRAINT "user_locale_known" CHECK("user"."locale" IN ('nl', 'en'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `user_email_unique` ON `user` (`email`);--> statement-breakpoint
CREATE INDEX `user_neighbourhood_idx` ON `user` (`neighbourhood_id`);