CREATE TABLE `care_access_log` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`request_id` integer NOT NULL,
	`viewer_id` integer,
	`fields` text NOT NULL,
	`purpose` text NOT NULL,
	`at` integer NOT NULL,
	FOREIGN KEY (`request_id`) REFERENCES `help_request`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`viewer_id`) REFERENCES `user`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `care_access_log_request_idx` ON `care_access_log` (`request_id`,`at`);--> statement-breakpoint
CREATE TABLE `care_recipient` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`carer_id` integer NOT NULL,
	`first_name` text NOT NULL,
	`birth_year` integer,
	`neighbourhood_id` integer NOT NULL,
	`notes_for_helpers` text DEFAULT '' NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`carer_id`) REFERENCES `user`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`neighbourhood_id`) REFERENCES `neighbourhood`(`id`) ON UPDATE no action ON DELETE restrict,
	CONSTRAINT "care_recipient_birth_year" CHECK("care_recipient"."birth_year" IS NULL OR "care_recipient"."birth_year" BETWEEN 1900 AND 2100)
);
--> statement-breakpoint
CREATE INDEX `care_recipient_carer_idx` ON `care_recipient` (`carer_id`);--> statement-breakpoint
CREATE TABLE `help_feedback` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`request_id` integer NOT NULL,
	`author_id` integer,
	`text` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`request_id`) REFERENCES `help_request`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`author_id`) REFERENCES `user`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `help_feedback_one_per_author` ON `help_feedback` (`request_id`,`author_id`);--> statement-breakpoint
CREATE TABLE `help_invite` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`request_id` integer NOT NULL,
	`volunteer_id` integer NOT NULL,
	`status` text NOT NULL,
	`asked_by_id` integer,
	`reason` text,
	`created_at` integer NOT NULL,
	`responded_at` integer,
	FOREIGN KEY (`request_id`) REFERENCES `help_request`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`volunteer_id`) REFERENCES `user`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`asked_by_id`) REFERENCES `user`(`id`) ON UPDATE no action ON DELETE set null,
	CONSTRAINT "help_invite_status_known" CHECK(status IN ('asked', 'offered', 'accepted', 'declined', 'filled', 'withdrawn'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `help_invite_one_per_volunteer` ON `help_invite` (`request_id`,`volunteer_id`);--> statement-breakpoint
CREATE INDEX `help_invite_volunteer_idx` ON `help_invite` (`volunteer_id`,`status`);--> statement-breakpoint
CREATE TABLE `help_request` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`requester_id` integer,
	`registered_by_id` integer,
	`contact_name` text,
	`contact_phone` text,
	`contact_email` text,
	`care_recipient_id` integer,
	`kind` text NOT NULL,
	`neighbourhood_id` integer NOT NULL,
	`address` text NOT NULL,
	`urgency` text DEFAULT 'normal' NOT NULL,
	`requires_vog` integer DEFAULT false NOT NULL,
	`language` text,
	`required_skill_id` integer,
	`public_text` text NOT NULL,
	`private_text` text DEFAULT '' NOT NULL,
	`care_consent_id` integer,
	`schedule_rule` text,
	`time_zone` text NOT NULL,
	`status` text DEFAULT 'submitted' NOT NULL,
	`flagged_at` integer,
	`flag_reason` text,
	`matched_volunteer_id` integer,
	`matched_at` integer,
	`ended_at` integer,
	`end_reason` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`requester_id`) REFERENCES `user`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`registered_by_id`) REFERENCES `user`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`care_recipient_id`) REFERENCES `care_recipient`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`neighbourhood_id`) REFERENCES `neighbourhood`(`id`) ON UPDATE no action ON DELETE restrict,
	FOREIGN KEY (`required_skill_id`) REFERENCES `skill`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`care_consent_id`) REFERENCES `consent`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`matched_volunteer_id`) REFERENCES `user`(`id`) ON UPDATE no action ON DELETE set null,
	CONSTRAINT "help_request_kind_known" CHECK(kind IN ('respite', 'transport', 'shopping', 'household', 'paperwork', 'digital', 'walking', 'other')),
	CONSTRAINT "help_request_status_known" CHECK(status IN ('submitted', 'open', 'asked', 'matched', 'completed', 'withdrawn', 'expired', 'cancelled')),
	CONSTRAINT "help_request_urgency_known" CHECK(urgency IN ('low', 'normal', 'high')),
	CONSTRAINT "help_request_who" CHECK("help_request"."requester_id" IS NOT NULL OR "help_request"."registered_by_id" IS NOT NULL),
	CONSTRAINT "help_request_care_consent" CHECK("help_request"."private_text" = '' OR "help_request"."care_consent_id" IS NOT NULL),
	CONSTRAINT "help_request_matched_has_volunteer" CHECK("help_request"."status" NOT IN ('matched', 'completed') OR "help_request"."matched_volunteer_id" IS NOT NULL),
	CONSTRAINT "help_request_public_text" CHECK(length(trim("help_request"."public_text")) BETWEEN 1 AND 2000)
);
--> statement-breakpoint
CREATE INDEX `help_request_queue_idx` ON `help_request` (`neighbourhood_id`,`status`,`created_at`);--> statement-breakpoint
CREATE INDEX `help_request_requester_idx` ON `help_request` (`requester_id`);--> statement-breakpoint
CREATE INDEX `help_request_volunteer_idx` ON `help_request` (`matched_volunteer_id`);--> statement-breakpoint
CREATE TABLE `help_request_event` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`request_id` integer NOT NULL,
	`from_status` text,
	`to_status` text NOT NULL,
	`actor_id` integer,
	`note` text,
	`at` integer NOT NULL,
	FOREIGN KEY (`request_id`) REFERENCES `help_request`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`actor_id`) REFERENCES `user`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `help_request_event_request_idx` ON `help_request_event` (`request_id`,`at`);--> statement-breakpoint
CREATE TABLE `help_request_window` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`request_id` integer NOT NULL,
	`starts_at` integer NOT NULL,
	`ends_at` integer NOT NULL,
	FOREIGN KEY (`request_id`) REFERENCES `help_request`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "help_window_ordered" CHECK("help_request_window"."ends_at" > "help_request_window"."starts_at")
);
--> statement-breakpoint
CREATE INDEX `help_request_window_request_idx` ON `help_request_window` (`request_id`,`starts_at`);--> statement-breakpoint
CREATE TABLE `help_session` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`request_id` integer NOT NULL,
	`starts_at` integer NOT NULL,
	`ends_at` integer NOT NULL,
	`status` text DEFAULT 'scheduled' NOT NULL,
	`cancelled_by_id` integer,
	`cancel_reason` text,
	`confirmed_at` integer,
	`minutes` integer,
	`sequence` integer DEFAULT 0 NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`request_id`) REFERENCES `help_request`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`cancelled_by_id`) REFERENCES `user`(`id`) ON UPDATE no action ON DELETE set null,
	CONSTRAINT "help_session_ordered" CHECK("help_session"."ends_at" > "help_session"."starts_at"),
	CONSTRAINT "help_session_status_known" CHECK("help_session"."status" IN ('scheduled', 'cancelled')),
	CONSTRAINT "help_session_minutes" CHECK("help_session"."minutes" IS NULL OR "help_session"."minutes" >= 0)
);
--> statement-breakpoint
CREATE INDEX `help_session_request_idx` ON `help_session` (`request_id`,`starts_at`);