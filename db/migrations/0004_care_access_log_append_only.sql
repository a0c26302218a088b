-- The care access log is append-only: a person must be able to trust "who saw my details".
CREATE TRIGGER `care_access_log_no_update` BEFORE UPDATE ON `care_access_log`
BEGIN
  SELECT RAISE(ABORT, 'care_access_log is append-only');
END;
--> statement-breakpoint
CREATE TRIGGER `care_access_log_no_delete` BEFORE DELETE ON `care_access_log`
  WHEN (SELECT count(*) FROM `help_request` WHERE `id` = OLD.`request_id`) > 0
BEGIN
  SELECT RAISE(ABORT, 'care_access_log is append-only');
END;
--> statement-breakpoint
CREATE TRIGGER `help_request_event_no_update` BEFORE UPDATE ON `help_request_event`
BEGIN
  SELECT RAISE(ABORT, 'help_request_event is append-only');
END;
