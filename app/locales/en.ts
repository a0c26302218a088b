import { activitiesMessages } from "./activities";
import { activityPagesMessages } from "./activity-pages";
import { communityMessages } from "./community";
import { helpCoordinatorMessages } from "./help-coordinator";
import { helpMatchMessages } from "./help-match";
import { helpRequestPagesMessages } from "./help-request-pages";
import { helpRequestsMessages } from "./help-requests";
import { organiserMessages } from "./organiser";
import { scheduleMessages } from "./schedule";
import { notificationsMessages } from "./notifications";
import { calendarMessages } from "./calendar";
import { signalsMessages } from "./signals";
import { remindersMessages } from "./reminders";
import { afterSessionMessages } from "./after-session";
import { socialMapMessages } from "./social-map";
import { facilityExchangeMessages } from "./facility-exchange";
import { securityMessages } from "./security";
import { securitySettingsMessages } from "./security-settings";
import { privacyRightsMessages } from "./privacy-rights";
import { retentionMessages } from "./retention";
import { careConsentMessages } from "./consent";
import { profileMessages } from "./profile";
import { accountDeletionMessages } from "./account-deletion";
import { circlesMessages } from "./circles";
import { circleTasksMessages } from "./circle-tasks";
import { circleHandOffMessages } from "./circle-hand-off";
import { conversationsMessages } from "./conversations";
import type { Messages } from "./nl";

const base: Omit<
  Messages,
  | keyof typeof activitiesMessages.en
  | keyof typeof activityPagesMessages.en
  | keyof typeof communityMessages.en
  | keyof typeof helpRequestsMessages.en
  | keyof typeof helpCoordinatorMessages.en
  | keyof typeof helpRequestPagesMessages.en
  | keyof typeof helpMatchMessages.en
  | keyof typeof organiserMessages.en
  | keyof typeof scheduleMessages.en
  | keyof typeof calendarMessages.en
  | keyof typeof signalsMessages.en
  | keyof typeof socialMapMessages.en
  | keyof typeof remindersMessages.en
  | keyof typeof notificationsMessages.en
  | keyof typeof afterSessionMessages.en
  | keyof typeof facilityExchangeMessages.en
  | keyof typeof securityMessages.en
  | keyof typeof securitySettingsMessages.en
  | keyof typeof privacyRightsMessages.en
  | keyof typeof retentionMessages.en
  | keyof typeof careConsentMessages.en
  | keyof typeof profileMessages.en
  | keyof typeof accountDeletionMessages.en
  | keyof typeof circlesMessages.en
  | keyof typeof circleTasksMessages.en
  | keyof typeof circleHandOffMessages.en
  | keyof typeof conversationsMessages.en
> = {
  app: {
    name: "Noaber",
    tagline: "Neighbours helping neighbours",
    skipToContent: "Skip to content",
    mainNavigation: "Main menu",
    languageSwitch: "Language",
    switchTo: "Nederlands",
    switchToLabel: "Schakel naar Nederlands",
    footerNavigation: "About Noaber",
    secondFactorBannerLabel: "Second step",
    secondFactorBannerText: "You are using Noaber as a resident for now. Confirm it is you to open coordinator and admin pages.",
    secondFactorBannerLink: "Confirm now.",
  },
  nav: {
    home: "Home",
    activities: "Activities",
    initiatives: "Initiatives",
    map: "Social map",
    requestHelp: "Ask for help",
    myRequests: "My help requests",
    myCircles: "My circles",
    openRequests: "Open help requests",
    openShifts: "Open tasks",
    mySchedule: "My schedule",
    me: "My details",
    coordinator: "Coordinator",
    admin: "Admin",
    signals: "Signals",
    myActivities: "My activities",
    login: "Sign in",
    logout: "Sign out",
    privacy: "Privacy statement",
    accessibility: "Accessibility",
  },
  home: {
    title: "Noaber: neighbours helping neighbours",
    intro: "Noaber brings people in the neighbourhood together. Ask for help, help someone else or join an activity.",
    carersTitle: "Do you care for someone?",
    carersText: "Ask for a break, or for help with shopping, transport or paperwork.",
    volunteersTitle: "Would you like to help?",
    volunteersText: "Choose a task that fits what you can do, when you can and where you live.",
    organisationsTitle: "Are you an association or organisation?",
    organisationsText: "Post your activities and volunteer tasks on Noaber.",
    greeting: "Welcome, {{name}}",
    start: "Sign in or create an account",
  },
  login: {
    title: "Sign in",
    intro: "You do not need a password. Enter your email address. You will get an email with a link and a code.",
    emailLabel: "Email address",
    submit: "Send me a link",
    sentTitle: "Check your email",
    sentText:
      "If the address is right, you will get an email within a few minutes. Click the link in the email, or enter the code below. The link and the code work for 10 minutes.",
    codeLabel: "Code from the email",
    codeHint: "6 characters, for example K7M2QX",
    codeSubmit: "Sign in with code",
    tryAgain: "No email? Ask for a new link",
  },
  verify: {
    title: "Confirm sign-in",
    text: "Press the button to sign in.",
    submit: "Sign in",
    invalidTitle: "This link no longer works",
    account: "You are signing in as <strong>{{account}}</strong>.",
    notYou: "Not your email address? Then do not press the button. Close this page.",
    invalidText: "The link has been used or is too old. Ask for a new link.",
    newLink: "Ask for a new link",
  },
  welcome: {
    title: "Welcome to Noaber",
    intro: "You are signing in for the first time with {{email}}. Tell us what to call you and where you live.",
    nameLabel: "Name",
    postcodeLabel: "Postcode",
    postcodeHint: "So we know your neighbourhood. For example 7511 AB.",
    consentLabel: "I have read the privacy statement and agree to it.",
    consentLink: "Read the privacy statement",
    submit: "Create account",
    goneTitle: "This sign-in no longer works",
    gone: "This link has been used or has expired. Please sign in again.",
    signInAgain: "Sign in again",
  },
  me: {
    title: "My details",
    name: "Name",
    email: "Email address",
    neighbourhood: "Neighbourhood",
    language: "Language",
    roles: "My roles",
    sessionsTitle: "Signed in on other devices?",
    sessionsText: "Sign out everywhere, this computer or phone included. Useful if you lost your phone.",
    logoutEverywhere: "Sign out everywhere",
  },
  roles: {
    resident: "Resident",
    volunteer: "Volunteer",
    "organisation-member": "Organisation member",
    coordinator: "Coordinator",
    admin: "Administrator",
  },
  locale: { nl: "Nederlands", en: "English" },
  // Only for the demo and the local mailbox: its own namespace, so pages elsewhere never carry it.
  demo: {
    bannerLabel: "Demo notice",
    bannerText: "Demo — email stays on this machine.",
    bannerLink: "Open the test mailbox.",
    mailboxLink: "Test mailbox",
    retention: {
      data: "Email in the test mailbox (only in a demo, never really sent)",
      why: "The test mailbox is only for a quick look.",
    },
  },
  testInbox: {
    title: "Test mailbox",
    intro: "No email service is set up. All email arrives here.",
    empty: "There is no email yet.",
    to: "To",
    subject: "Subject",
    received: "Received",
    open: "View email",
    back: "Back to the test mailbox",
    htmlVersion: "Formatted version",
    textVersion: "Text version",
    codes: {
      title: "Codes for the second step (demo only)",
      intro:
        "Staff confirm their sign-in with a code from an app on their phone. In the demo, that code is shown here. A new one comes every 30 seconds.",
      account: "Account",
      code: "Code",
      secondsLeft: "Valid for",
      seconds_one: "{{count}} second",
      seconds_other: "{{count}} seconds",
    },
  },
  privacy: {
    title: "Privacy statement",
    version: "Version {{version}}",
    intro: "Noaber takes care with your data. Here you can read which data we use, why, and what your rights are.",
    controller: {
      title: "Who is responsible?",
      body: "The municipality that uses Noaber is responsible for your data. Coordinators of the municipality and the neighbourhood teams work with Noaber.",
    },
    data: {
      title: "Which data?",
      body: "Your name, email address, postcode and neighbourhood. If you fill them in yourself, also your phone number, what you can do and when you can. If you ask for help, also what helpers need to know.",
    },
    purposes: {
      title: "What for?",
      body: "To let you sign in, to bring help requests and volunteers together, to send you email about what you signed up for, and to give the municipality figures. Those figures are always added up and never about one person.",
    },
    careData: {
      title: "Data about care",
      body: "Data about care is extra sensitive. We ask for separate consent. Only the volunteer who helps you can see it, while the help lasts. The coordinator can see it too, and for a short time after the help ended (see the table under “How long do we keep it?”). Every time someone looks at it, we record that. You can see who looked at your data.",
    },
    circles: {
      title: "Care circles and conversations",
      body: "In a care circle, family, friends and neighbours share the care for one person. What is in a circle (tasks, notes, posts on the updates board and the conversation) is seen only by the members of that circle. The coordinator and the administrator do not see it. Someone who leaves the circle sees nothing of it afterwards. Every time a member reads something another person wrote, we record that; the person who started the circle sees it under “My data”. An invitation works for 14 days and only once. Email and your calendar link say only that there is something new or that there is a task, and when; never the text or the notes. In conversations nobody sees your email address or phone number. Only when the circle itself sends a help request does the coordinator see that request, with what you put in it.",
    },
    signIns: {
      title: "Signing in and security",
      body: "When you sign in, we note when and on what kind of device (for example “Firefox · Windows”), never more than that. You see this yourself on the Security page, so you notice when someone else got into your account. Coordinators and admins confirm with a second step: a passkey or an authenticator app. Of a passkey we keep only the public part.",
    },
    sharing: {
      title: "Who do we share data with?",
      body: "We never sell your data. We use a service to send email. That service only gets your email address and the text of the email. Email never contains data about care.",
    },
    retention: {
      title: "How long do we keep it?",
      body: "We keep your account while you use Noaber. Everything else we delete or make anonymous when it is no longer needed. The table below says how long we keep what. If you delete your account, we erase or anonymise everything that points to you.",
    },
    rights: {
      title: "Your rights",
      body: "You may see your data, have it corrected, download it and have it deleted. You can always withdraw your consent. You do this yourself, signed in, on the pages below. If you disagree with us, you can complain to the Dutch Data Protection Authority (Autoriteit Persoonsgegevens).",
    },
    contact: {
      title: "Contact",
      body: "Questions about privacy? Contact the coordinator of your neighbourhood or the municipality's data protection officer.",
    },
  },
  accessibility: {
    title: "Accessibility statement",
    intro: "Everyone must be able to use Noaber, including people with a disability and people who find reading hard.",
    standard: { title: "Which standard?", body: "We build Noaber to WCAG 2.2 level AA. That is the standard for government websites." },
    measures: {
      title: "What do we do?",
      body: "Every page works with only a keyboard, without JavaScript, and on a small screen. The texts are in plain Dutch (B1) and in English. Every change is tested for accessibility automatically.",
    },
    limits: {
      title: "What does not work well yet?",
      body: "Maps on the social map are not easy for everyone to use. That is why the same information is always in a list too.",
    },
    contact: {
      title: "Having trouble?",
      body: "Let us know through the coordinator of your neighbourhood. We answer within 5 working days.",
    },
  },
  coordinator: {
    title: "Coordinator",
    intro: "You coordinate these neighbourhoods:",
    none: "You do not coordinate any neighbourhood yet.",
  },
  admin: {
    title: "Admin",
    neighbourhoods: "Neighbourhoods",
    postcodes: "Postcodes",
    organisations: "Organisations",
    municipality: "Municipality",
    status: "Status",
    statusPending: "Awaiting approval",
    statusApproved: "Approved",
  },
  errors: {
    title: "Something went wrong",
    notFound: "This page does not exist.",
    forbidden: "You may not see this page.",
    unauthenticated: "Please sign in first.",
    conflict: "Someone else just changed this. Please try again.",
    validation: "Not everything is filled in correctly. See the messages next to the fields.",
    tooLarge: "You sent too much at once. Please make it shorter and try again.",
    tooManyRequests: "You tried too often. Please wait a moment and try again.",
    crossOrigin: "This form did not come from Noaber and was refused.",
    stepUp: "Confirm it is you with your second step to go on.",
    unexpected: "Something went wrong on our side. Please try again later.",
    backHome: "Go to the home page",
    email: { required: "Enter your email address.", invalid: "This is not a valid email address. For example: name@example.com" },
    code: { required: "Enter the code.", format: "The code has 6 characters." },
    signIn: {
      codeInvalid: "This code is wrong or too old. Check the code or ask for a new one.",
      linkInvalid: "This link no longer works. Ask for a new link.",
    },
    name: { required: "Enter your name.", tooLong: "Your name can be at most 100 characters." },
    postcode: {
      required: "Enter your postcode.",
      format: "Enter a postcode such as 7511 AB.",
      outsideMunicipality: "This postcode is not in our municipality. Noaber only works in this municipality.",
    },
    consent: { required: "You must agree to the privacy statement to create an account." },
  },
  email: {
    layout: {
      footer: "This email comes from Noaber, the platform for neighbours helping each other.",
      essential: "You get this email because your account needs it.",
    },
    signIn: {
      subject: "Your sign-in link for Noaber",
      preview: "Sign in with the link or the code {{code}}",
      greeting: "Hello {{name}},",
      greetingNew: "Hello,",
      intro: "Press the button to sign in to Noaber.",
      button: "Sign in",
      codeIntro: "Or enter this code on the sign-in page:",
      expiry: "The link and the code work for {{minutes}} minutes and only once.",
      notYou: "Did you not ask for this email? Then you can ignore it.",
    },
  },
};

export const en: Messages = {
  ...base,
  ...activitiesMessages.en,
  ...activityPagesMessages.en,
  ...communityMessages.en,
  ...helpRequestsMessages.en,
  ...helpCoordinatorMessages.en,
  ...helpRequestPagesMessages.en,
  ...helpMatchMessages.en,
  ...organiserMessages.en,
  ...scheduleMessages.en,
  ...calendarMessages.en,
  ...signalsMessages.en,
  ...socialMapMessages.en,
  ...remindersMessages.en,
  ...afterSessionMessages.en,
  ...notificationsMessages.en,
  ...facilityExchangeMessages.en,
  ...securityMessages.en,
  ...securitySettingsMessages.en,
  ...privacyRightsMessages.en,
  ...retentionMessages.en,
  ...careConsentMessages.en,
  ...profileMessages.en,
  ...accountDeletionMessages.en,
  ...circlesMessages.en,
  ...circleTasksMessages.en,
  ...circleHandOffMessages.en,
  ...conversationsMessages.en,
};
