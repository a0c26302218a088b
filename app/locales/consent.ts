// Care-details consent (issue 14): withdrawing it on the request pages, the mail that tells the
// helper and the coordinator (without details), and the consent history on /me/data.
// Plain B1 words and "u", like the rest of Noaber.
import type { Shape } from "./shape";

const nl = {
  careConsent: {
    title: "Toestemming voor zorggegevens",
    given: "U gaf toestemming op {{when}} (versie {{version}}).",
    givenOnBehalf: "De toestemming is gegeven op {{when}} (versie {{version}}). Een coördinator heeft dat genoteerd.",
    withdrawn: "De toestemming is ingetrokken op {{when}}. De gegevens over zorg zijn gewist.",
    explain:
      "U kunt uw toestemming altijd intrekken. Dan gebeurt dit: we wissen de gegevens over zorg (wat alleen de helper mag lezen, het adres, het telefoonnummer en wat helpers over uw naaste moeten weten). De helper en de coördinator krijgen een e-mail dat de gegevens weg zijn. Die e-mail noemt geen gegevens. De hulpvraag zelf blijft staan.",
    explainOnBehalf:
      "De persoon kan de toestemming altijd intrekken, ook via u. Dan wissen we de gegevens over zorg (wat alleen de helper mag lezen, het adres, het telefoonnummer en het e-mailadres). De naam blijft staan, zodat u weet over wie het gaat. De helper en de andere coördinatoren krijgen een e-mail zonder gegevens. De hulpvraag zelf blijft staan.",
    confirmLabel: "Ik begrijp dat de gegevens over zorg worden gewist en dat dit niet terug te draaien is.",
    confirmLabelOnBehalf: "De persoon heeft gevraagd de toestemming in te trekken. Ik begrijp dat de gegevens over zorg worden gewist.",
    submit: "Toestemming intrekken",
    done: "De toestemming is ingetrokken. De gegevens over zorg zijn gewist.",
    addressRemoved: "Gewist (toestemming ingetrokken)",
    errors: {
      confirmRequired: "Zet een vinkje om te laten zien dat u begrijpt wat er gebeurt.",
      alreadyWithdrawn: "De toestemming was al ingetrokken.",
      none: "Er is geen toestemming om in te trekken.",
    },
    email: {
      subject: "Gegevens over zorg zijn gewist",
      greeting: "Hallo {{name}},",
      introHelper:
        "Bij de hulpvraag ({{kind}}) waarbij u helpt, is de toestemming voor gegevens over zorg ingetrokken. Die gegevens zijn gewist. De hulpvraag zelf blijft staan.",
      introCoordinator:
        "Bij een hulpvraag ({{kind}}) in uw wijk is de toestemming voor gegevens over zorg ingetrokken. Die gegevens zijn gewist. De hulpvraag zelf blijft staan.",
      open: "Bekijk de hulpvraag",
      noDetails: "In deze e-mail staan geen gegevens over zorg. Log in om de hulpvraag te zien.",
    },
    history: {
      purpose: { "privacy-statement": "Privacyverklaring", "care-details": "Gegevens over zorg" },
      recordedBy: "Genoteerd door",
      withdrawn: "Ingetrokken op",
      withdrawnBy: "Ingetrokken door",
      self: "U",
      coordinator: "Een coördinator",
      notWithdrawn: "Niet ingetrokken",
    },
  },
};

const en: Shape<typeof nl> = {
  careConsent: {
    title: "Consent for care details",
    given: "You gave consent on {{when}} (version {{version}}).",
    givenOnBehalf: "Consent was given on {{when}} (version {{version}}). A coordinator recorded it.",
    withdrawn: "Consent was withdrawn on {{when}}. The care details have been removed.",
    explain:
      "You can withdraw your consent at any time. This is what happens: we remove the care details (what only the helper may read, the address, the phone number and what helpers should know about the person you care for). The helper and the coordinator get an email that the details are gone. That email names no details. The help request itself stays.",
    explainOnBehalf:
      "The person can withdraw consent at any time, also through you. Then we remove the care details (what only the helper may read, the address, the phone number and the email address). The name stays, so you know who it is about. The helper and the other coordinators get an email without details. The help request itself stays.",
    confirmLabel: "I understand that the care details will be removed and that this cannot be undone.",
    confirmLabelOnBehalf: "The person asked to withdraw consent. I understand that the care details will be removed.",
    submit: "Withdraw consent",
    done: "Consent has been withdrawn. The care details have been removed.",
    addressRemoved: "Removed (consent withdrawn)",
    errors: {
      confirmRequired: "Tick the box to show that you understand what happens.",
      alreadyWithdrawn: "Consent had already been withdrawn.",
      none: "There is no consent to withdraw.",
    },
    email: {
      subject: "Care details have been removed",
      greeting: "Hello {{name}},",
      introHelper:
        "For the help request ({{kind}}) you help with, consent for care details has been withdrawn. Those details have been removed. The help request itself stays.",
      introCoordinator:
        "For a help request ({{kind}}) in your neighbourhood, consent for care details has been withdrawn. Those details have been removed. The help request itself stays.",
      open: "Open the help request",
      noDetails: "This email holds no care details. Sign in to see the help request.",
    },
    history: {
      purpose: { "privacy-statement": "Privacy statement", "care-details": "Care details" },
      recordedBy: "Recorded by",
      withdrawn: "Withdrawn on",
      withdrawnBy: "Withdrawn by",
      self: "You",
      coordinator: "A coordinator",
      notWithdrawn: "Not withdrawn",
    },
  },
};

export const careConsentMessages = { nl, en };
