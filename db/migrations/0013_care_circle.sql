CREATE TABLE `care_circle` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`care_recipient_id` integer NOT NULL,
	`name` text NOT NULL,
	`neighbourhood_id` integer NOT NULL,
	`time_zone` text NOT NULL,
	`members_may_post` integer DEFAULT false NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`care_recipient_id`) REFERENCES `care_recipient`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`neighbourhood_id`) REFERENCES `neighbourhood`(`id`) ON UPDATE no action ON DELETE restrict,
	CONSTRAINT "care_circle_name_length" CHECK(length(trim("care_circle"."name")) BETWEEN 1 AND 80)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `care_circle_recipient_unique` ON `care_circle` (`care_recipient_id`);--> statement-breakpoint
CREATE INDEX `care_circle_neighbourhood_idx` ON `care_circle` (`neighbourhood_id`);--> statement-breakpoint
CREATE TABLE `circle_access_log` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`circle_id` integer NOT NULL,
	`viewer_id` integer,
	`viewer_pseudonym` text,
	`fields` text NOT NULL,
	`at` integer NOT NULL,
	FOREIGN KEY (`circle_id`) REFERENCES `care_circle`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`viewer_id`) REFERENCES `user`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `circle_access_log_circle_idx` ON `circle_access_log` (`circle_id`,`at`);--> statement-breakpoint
CREATE TABLE `circle_invitation` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`circle_id` integer NOT NULL,
	`email` text NOT NULL,
	`role` text NOT NULL,
	`token_hash` text NOT NULL,
	`invited_by_id` integer,
	`created_at` integer NOT NULL,
	`expires_at` integer NOT NULL,
	`status` text DEFAULT 'open' NOT NULL,
	`closed_at` integer,
	`accepted_by_id` integer,
	FOREIGN KEY (`circle_id`) REFERENCES `care_circle`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`invited_by_id`) REFERENCES `user`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`accepted_by_id`) REFERENCES `user`(`id`) ON UPDATE no action ON DELETE set null,
	CONSTRAINT "circle_invitation_role_known" CHECK("circle_invitation"."role" IN ('co-lead', 'member')),
	CONSTRAINT "circle_invitation_status_known" CHECK("circle_invitation"."status" IN ('open', 'accepted', 'revoked'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `circle_invitation_token_unique` ON `circle_invitation` (`token_hash`);--> statement-breakpoint
CREATE INDEX `circle_invitation_circle_idx` ON `circle_invitation` (`circle_id`,`status`);--> statement-breakpoint
CREATE INDEX `circle_invitation_email_idx` ON `circle_invitation` (`email`);--> statement-breakpoint
CREATE UNIQUE INDEX `circle_invitation_one_open` ON `circle_invitation` (`circle_id`,`email`) WHERE "circle_invitation"."status" = 'open';--> statement-breakpoint
CREATE TABLE `circle_member` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`circle_id` integer NOT NULL,
	`user_id` integer NOT NULL,
	`role` text NOT NULL,
	`joined_at` integer NOT NULL,
	`left_at` integer,
	`left_reason` text,
	`removed_by_id` integer,
	FOREIGN KEY (`circle_id`) REFERENCES `care_circle`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`user_id`) REFERENCES `user`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`removed_by_id`) REFERENCES `user`(`id`) ON UPDATE no action ON DELETE set null,
	CONSTRAINT "circle_member_role_known" CHECK(role IN ('lead', 'co-lead', 'member')),
	CONSTRAINT "circle_member_left_consistent" CHECK(("circle_member"."left_at" IS NULL) = ("circle_member"."left_reason" IS NULL))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `circle_member_one_active` ON `circle_member` (`circle_id`,`user_id`) WHERE "circle_member"."left_at" IS NULL;--> statement-breakpoint
CREATE INDEX `circle_member_user_idx` ON `circle_member` (`user_id`,`left_at`);--> statement-breakpoint
CREATE TABLE `circle_task` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`circle_id` integer NOT NULL,
	`kind` text NOT NULL,
	`title` text NOT NULL,
	`notes` text DEFAULT '' NOT NULL,
	`places` integer DEFAULT 1 NOT NULL,
	`rule` text NOT NULL,
	`created_by_id` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`cancelled_at` integer,
	FOREIGN KEY (`circle_id`) REFERENCES `care_circle`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`created_by_id`) REFERENCES `user`(`id`) ON UPDATE no action ON DELETE set null,
	CONSTRAINT "circle_task_kind_known" CHECK(kind IN ('meal', 'ride', 'company', 'respite', 'shopping', 'chores', 'appointment', 'other')),
	CONSTRAINT "circle_task_title_length" CHECK(length(trim("circle_task"."title")) BETWEEN 1 AND 80),
	CONSTRAINT "circle_task_places_range" CHECK("circle_task"."places" BETWEEN 1 AND 20)
);
--> statement-breakpoint
CREATE INDEX `circle_task_circle_idx` ON `circle_task` (`circle_id`);--> statement-breakpoint
CREATE TABLE `circle_task_claim` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`occurrence_id` integer NOT NULL,
	`user_id` integer,
	`user_pseudonym` text,
	`assigned_by_id` integer,
	`claimed_at` integer NOT NULL,
	`released_at` integer,
	FOREIGN KEY (`occurrence_id`) REFERENCES `circle_task_occurrence`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`user_id`) REFERENCES `user`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`assigned_by_id`) REFERENCES `user`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `circle_task_claim_one_active` ON `circle_task_claim` (`occurrence_id`,`user_id`) WHERE "circle_task_claim"."released_at" IS NULL;--> statement-breakpoint
CREATE INDEX `circle_task_claim_occurrence_idx` ON `circle_task_claim` (`occurrence_id`,`released_at`);--> statement-breakpoint
CREATE INDEX `circle_task_claim_user_idx` ON `circle_task_claim` (`user_id`,`released_at`);--> statement-breakpoint
CREATE TABLE `circle_task_occurrence` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`task_id` integer NOT NULL,
	`circle_id` integer NOT NULL,
	`occurrence_date` text NOT NULL,
	`starts_at` integer NOT NULL,
	`ends_at` integer NOT NULL,
	`places` integer NOT NULL,
	`status` text DEFAULT 'scheduled' NOT NULL,
	`sequence` integer DEFAULT 0 NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`task_id`) REFERENCES `circle_task`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`circle_id`) REFERENCES `care_circle`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "circle_task_occurrence_ordered" CHECK("circle_task_occurrence"."ends_at" > "circle_task_occurrence"."starts_at"),
	CONSTRAINT "circle_task_occurrence_places_range" CHECK("circle_task_occurrence"."places" BETWEEN 1 AND 20),
	CONSTRAINT "circle_task_occurrence_status_known" CHECK("circle_task_occurrence"."status" IN ('scheduled', 'cancelled'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `circle_task_occurrence_unique` ON `circle_task_occurrence` (`task_id`,`occurrence_date`);--> statement-breakpoint
CREATE INDEX `circle_task_occurrence_circle_start_idx` ON `circle_task_occurrence` (`circle_id`,`starts_at`);--> statement-breakpoint
CREATE TABLE `circle_update` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`circle_id` integer NOT NULL,
	`author_id` integer,
	`author_pseudonym` text,
	`body` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`circle_id`) REFERENCES `care_circle`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`author_id`) REFERENCES `user`(`id`) ON UPDATE no action ON DELETE set null,
	CONSTRAINT "circle_update_body_length" CHECK(length(trim("circle_update"."body")) BETWEEN 1 AND 4000)
);
--> statement-breakpoint
CREATE INDEX `circle_update_circle_idx` ON `circle_update` (`circle_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `circle_update_author_idx` ON `circle_update` (`author_id`);--> statement-breakpoint
CREATE TABLE `conversation` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`help_request_id` integer,
	`circle_id` integer,
	`closed_at` integer,
	`closed_by_id` integer,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`help_request_id`) REFERENCES `help_request`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`circle_id`) REFERENCES `care_circle`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`closed_by_id`) REFERENCES `user`(`id`) ON UPDATE no action ON DELETE set null,
	CONSTRAINT "conversation_one_subject" CHECK(("conversation"."help_request_id" IS NULL) <> ("conversation"."circle_id" IS NULL))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `conversation_help_request_unique` ON `conversation` (`help_request_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `conversation_circle_unique` ON `conversation` (`circle_id`);--> statement-breakpoint
CREATE TABLE `conversation_read` (
	`conversation_id` integer NOT NULL,
	`user_id` integer NOT NULL,
	`last_read_message_id` integer NOT NULL,
	`read_at` integer NOT NULL,
	PRIMARY KEY(`conversation_id`, `user_id`),
	FOREIGN KEY (`conversation_id`) REFERENCES `conversation`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`user_id`) REFERENCES `user`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `conversation_read_user_idx` ON `conversation_read` (`user_id`);--> statement-breakpoint
CREATE TABLE `message` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`conversation_id` integer NOT NULL,
	`author_id` integer,
	`author_pseudonym` text,
	`body` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`conversation_id`) REFERENCES `conversation`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`author_id`) REFERENCES `user`(`id`) ON UPDATE no action ON DELETE set null,
	CONSTRAINT "message_body_length" CHECK(length(trim("message"."body")) BETWEEN 1 AND 4000)
);
--> statement-breakpoint
CREATE INDEX `message_conversation_idx` ON `message` (`conversation_id`,`id`);--> statement-breakpoint
CREATE INDEX `message_author_idx` ON `message` (`author_id`);--> statement-breakpoint
ALTER TABLE `help_request` ADD `circle_id` integer REFERENCES care_circle(id) ON DELETE set null;--> statement-breakpoint
ALTER TABLE `help_request` ADD `facility_id` integer REFERENCES facility_service(id) ON DELETE set null;--> statement-breakpoint
CREATE INDEX `help_request_circle_idx` ON `help_request` (`circle_id`);--> statement-breakpoint
CREATE INDEX `help_request_facility_idx` ON `help_request` (`facility_id`);--> statement-breakpoint
ALTER TABLE `notification_setting` ADD `circle_updates` integer DEFAULT true NOT NULL;--> statement-breakpoint
ALTER TABLE `notification_setting` ADD `messages` integer DEFAULT true NOT NULL;--> statement-breakpoint
-- The circle access log is append-only like the care access log (migration 0010): erasure may only
-- replace the viewer by a pseudonym, retention may only delete; rows go with their circle.
CREATE TRIGGER `circle_access_log_no_update` BEFORE UPDATE ON `circle_access_log`
  WHEN NOT EXISTS (SELECT 1 FROM `log_rewrite` WHERE `purpose` = 'erasure')
    OR NEW.`id` IS NOT OLD.`id` OR NEW.`circle_id` IS NOT OLD.`circle_id` OR NEW.`fields` IS NOT OLD.`fields`
    OR NEW.`at` IS NOT OLD.`at`
    OR NEW.`viewer_id` IS NOT NULL OR NEW.`viewer_pseudonym` IS NULL
BEGIN
  SELECT RAISE(ABORT, 'circle_access_log is append-only');
END;
--> statement-breakpoint
CREATE TRIGGER `circle_access_log_no_delete` BEFORE DELETE ON `circle_access_log`
  WHEN (SELECT count(*) FROM `care_circle` WHERE `id` = OLD.`circle_id`) > 0
    AND NOT EXISTS (SELECT 1 FROM `log_rewrite` WHERE `purpose` = 'retention')
BEGIN
  SELECT RAISE(ABORT, 'circle_access_log is append-only');
END;
