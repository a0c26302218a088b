CREATE TABLE `activity` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`organisation_id` integer NOT NULL,
	`initiative_id` integer,
	`title` text NOT NULL,
	`description` text NOT NULL,
	`category` text NOT NULL,
	`address` text NOT NULL,
	`neighbourhood_id` integer NOT NULL,
	`accessibility` text DEFAULT '' NOT NULL,
	`target_groups` text NOT NULL,
	`time_zone` text NOT NULL,
	`cancel_cutoff_hours` integer DEFAULT 0 NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`organisation_id`) REFERENCES `organisation`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`initiative_id`) REFERENCES `initiative`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`neighbourhood_id`) REFERENCES `neighbourhood`(`id`) ON UPDATE no action ON DELETE restrict,
	CONSTRAINT "activity_category_known" CHECK(category IN ('sports', 'culture', 'social', 'learning', 'nature', 'care', 'other')),
	CONSTRAINT "activity_title_length" CHECK(length(trim("activity"."title")) BETWEEN 1 AND 120),
	CONSTRAINT "activity_cutoff_non_negative" CHECK("activity"."cancel_cutoff_hours" >= 0),
	CONSTRAINT "activity_target_groups_json" CHECK(json_valid("activity"."target_groups"))
);
--> statement-breakpoint
CREATE INDEX `activity_organisation_idx` ON `activity` (`organisation_id`);--> statement-breakpoint
CREATE INDEX `activity_neighbourhood_category_idx` ON `activity` (`neighbourhood_id`,`category`);--> statement-breakpoint
CREATE TABLE `activity_series` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`activity_id` integer NOT NULL,
	`rule` text NOT NULL,
	`capacity` integer,
	`cancelled_at` integer,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`activity_id`) REFERENCES `activity`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "series_capacity_positive" CHECK("activity_series"."capacity" IS NULL OR "activity_series"."capacity" > 0)
);
--> statement-breakpoint
CREATE INDEX `activity_series_activity_idx` ON `activity_series` (`activity_id`);--> statement-breakpoint
CREATE TABLE `activity_session` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`activity_id` integer NOT NULL,
	`series_id` integer,
	`occurrence_date` text NOT NULL,
	`starts_at` integer NOT NULL,
	`ends_at` integer NOT NULL,
	`capacity` integer,
	`status` text DEFAULT 'scheduled' NOT NULL,
	`detached` integer DEFAULT false NOT NULL,
	`sequence` integer DEFAULT 0 NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`activity_id`) REFERENCES `activity`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`series_id`) REFERENCES `activity_series`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "session_times_ordered" CHECK("activity_session"."ends_at" > "activity_session"."starts_at"),
	CONSTRAINT "session_capacity_positive" CHECK("activity_session"."capacity" IS NULL OR "activity_session"."capacity" > 0),
	CONSTRAINT "session_status_known" CHECK("activity_session"."status" IN ('scheduled', 'cancelled'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `session_series_occurrence_unique` ON `activity_session` (`series_id`,`occurrence_date`);--> statement-breakpoint
CREATE INDEX `session_activity_start_idx` ON `activity_session` (`activity_id`,`starts_at`);--> statement-breakpoint
CREATE INDEX `session_start_idx` ON `activity_session` (`starts_at`);--> statement-breakpoint
CREATE TABLE `initiative` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`organisation_id` integer NOT NULL,
	`title` text NOT NULL,
	`goal` text NOT NULL,
	`description` text DEFAULT '' NOT NULL,
	`target_groups` text NOT NULL,
	`starts_on` text NOT NULL,
	`ends_on` text,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`organisation_id`) REFERENCES `organisation`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "initiative_period_ordered" CHECK("initiative"."ends_on" IS NULL OR "initiative"."ends_on" >= "initiative"."starts_on"),
	CONSTRAINT "initiative_target_groups_json" CHECK(json_valid("initiative"."target_groups"))
);
--> statement-breakpoint
CREATE INDEX `initiative_organisation_idx` ON `initiative` (`organisation_id`);--> statement-breakpoint
CREATE TABLE `initiative_interest` (
	`initiative_id` integer NOT NULL,
	`user_id` integer NOT NULL,
	`created_at` integer NOT NULL,
	PRIMARY KEY(`initiative_id`, `user_id`),
	FOREIGN KEY (`initiative_id`) REFERENCES `initiative`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`user_id`) REFERENCES `user`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `initiative_partner` (
	`initiative_id` integer NOT NULL,
	`organisation_id` integer NOT NULL,
	PRIMARY KEY(`initiative_id`, `organisation_id`),
	FOREIGN KEY (`initiative_id`) REFERENCES `initiative`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`organisation_id`) REFERENCES `organisation`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `organisation_neighbourhood` (
	`organisation_id` integer NOT NULL,
	`neighbourhood_id` integer NOT NULL,
	PRIMARY KEY(`organisation_id`, `neighbourhood_id`),
	FOREIGN KEY (`organisation_id`) REFERENCES `organisation`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`neighbourhood_id`) REFERENCES `neighbourhood`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `shift` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`session_id` integer NOT NULL,
	`role` text NOT NULL,
	`needed` integer NOT NULL,
	`starts_at` integer NOT NULL,
	`ends_at` integer NOT NULL,
	`requires_vog` integer DEFAULT false NOT NULL,
	`required_skill_id` integer,
	FOREIGN KEY (`session_id`) REFERENCES `activity_session`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`required_skill_id`) REFERENCES `skill`(`id`) ON UPDATE no action ON DELETE set null,
	CONSTRAINT "shift_needed_positive" CHECK("shift"."needed" > 0),
	CONSTRAINT "shift_times_ordered" CHECK("shift"."ends_at" > "shift"."starts_at"),
	CONSTRAINT "shift_role_length" CHECK(length(trim("shift"."role")) BETWEEN 1 AND 80)
);
--> statement-breakpoint
CREATE INDEX `shift_session_idx` ON `shift` (`session_id`);--> statement-breakpoint
CREATE INDEX `shift_start_idx` ON `shift` (`starts_at`);--> statement-breakpoint
CREATE TABLE `signup` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`session_id` integer NOT NULL,
	`shift_id` integer,
	`user_id` integer NOT NULL,
	`status` text NOT NULL,
	`created_at` integer NOT NULL,
	`promoted_at` integer,
	`cancelled_at` integer,
	`cancelled_by` text,
	`attendance` text,
	`minutes` integer,
	FOREIGN KEY (`session_id`) REFERENCES `activity_session`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`shift_id`) REFERENCES `shift`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`user_id`) REFERENCES `user`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "signup_status_known" CHECK("signup"."status" IN ('confirmed', 'waitlisted', 'cancelled')),
	CONSTRAINT "signup_cancel_consistent" CHECK(("signup"."status" = 'cancelled') = ("signup"."cancelled_at" IS NOT NULL)),
	CONSTRAINT "signup_minutes_non_negative" CHECK("signup"."minutes" IS NULL OR "signup"."minutes" >= 0)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `signup_one_active_participant` ON `signup` (`session_id`,`user_id`) WHERE "signup"."shift_id" IS NULL AND "signup"."status" <> 'cancelled';--> statement-breakpoint
CREATE UNIQUE INDEX `signup_one_active_volunteer` ON `signup` (`shift_id`,`user_id`) WHERE "signup"."shift_id" IS NOT NULL AND "signup"."status" <> 'cancelled';--> statement-breakpoint
CREATE INDEX `signup_slot_status_idx` ON `signup` (`session_id`,`shift_id`,`status`);--> statement-breakpoint
CREATE INDEX `signup_user_idx` ON `signup` (`user_id`,`status`);--> statement-breakpoint
CREATE TABLE `neighbourhood_adjacency` (
	`neighbourhood_id` integer NOT NULL,
	`adjacent_id` integer NOT NULL,
	PRIMARY KEY(`neighbourhood_id`, `adjacent_id`),
	FOREIGN KEY (`neighbourhood_id`) REFERENCES `neighbourhood`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`adjacent_id`) REFERENCES `neighbourhood`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "adjacency_not_self" CHECK("neighbourhood_adjacency"."neighbourhood_id" <> "neighbourhood_adjacency"."adjacent_id")
);
--> statement-breakpoint
CREATE TABLE `skill` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`slug` text NOT NULL,
	`name_nl` text NOT NULL,
	`name_en` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `skill_slug_unique` ON `skill` (`slug`);--> statement-breakpoint
CREATE TABLE `volunteer_availability` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`user_id` integer NOT NULL,
	`weekday` integer NOT NULL,
	`start_time` text NOT NULL,
	`end_time` text NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `user`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "availability_weekday_iso" CHECK("volunteer_availability"."weekday" BETWEEN 1 AND 7),
	CONSTRAINT "availability_times_ordered" CHECK("volunteer_availability"."start_time" < "volunteer_availability"."end_time")
);
--> statement-breakpoint
CREATE INDEX `volunteer_availability_user_idx` ON `volunteer_availability` (`user_id`);--> statement-breakpoint
CREATE TABLE `volunteer_profile` (
	`user_id` integer PRIMARY KEY NOT NULL,
	`languages` text DEFAULT '[]' NOT NULL,
	`tags` text DEFAULT '[]' NOT NULL,
	`travel_range` text DEFAULT 'own' NOT NULL,
	`vog_status` text DEFAULT 'none' NOT NULL,
	`vog_valid_until` text,
	`vog_set_by` integer,
	`paused_until` text,
	`max_hours_per_month` integer,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `user`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`vog_set_by`) REFERENCES `user`(`id`) ON UPDATE no action ON DELETE set null,
	CONSTRAINT "volunteer_travel_range_known" CHECK("volunteer_profile"."travel_range" IN ('own', 'adjacent', 'municipality')),
	CONSTRAINT "volunteer_vog_status_known" CHECK("volunteer_profile"."vog_status" IN ('none', 'requested', 'valid')),
	CONSTRAINT "volunteer_vog_valid_has_date" CHECK(("volunteer_profile"."vog_status" = 'valid') = ("volunteer_profile"."vog_valid_until" IS NOT NULL)),
	CONSTRAINT "volunteer_max_hours_positive" CHECK("volunteer_profile"."max_hours_per_month" IS NULL OR "volunteer_profile"."max_hours_per_month" > 0),
	CONSTRAINT "volunteer_languages_json" CHECK(json_valid("volunteer_profile"."languages") AND json_valid("volunteer_profile"."tags"))
);
--> statement-breakpoint
CREATE TABLE `volunteer_skill` (
	`user_id` integer NOT NULL,
	`skill_id` integer NOT NULL,
	PRIMARY KEY(`user_id`, `skill_id`),
	FOREIGN KEY (`user_id`) REFERENCES `user`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`skill_id`) REFERENCES `skill`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `volunteer_skill_skill_idx` ON `volunteer_skill` (`skill_id`);--> statement-breakpoint
CREATE TABLE `volunteer_unavailable_date` (
	`user_id` integer NOT NULL,
	`date` text NOT NULL,
	`note` text,
	PRIMARY KEY(`user_id`, `date`),
	FOREIGN KEY (`user_id`) REFERENCES `user`(`id`) ON UPDATE no action ON DELETE cascade
);
