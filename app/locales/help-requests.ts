// Shared messages for help requests: kinds, states, errors and the notice emails. Pages of each
// part (request, coordinator, match) keep their own texts under helpRequests.<part>.
import type { Shape } from "./shape";

const nl = {
  helpRequests: {
    kinds: {
      respite: "Even vrij (respijt) of gezelschap",
      transport: "Vervoer",
      shopping: "Boodschappen",
      household: "Huishouden en klusjes",
      paperwork: "Post en papieren",
      digital: "Hulp met computer of telefoon",
      walking: "Wandelen en naar buiten",
      other: "Iets anders",
    },
    urgency: { low: "Niet dringend", normal: "Gewoon", high: "Dringend" },
    status: {
      submitted: "Ingediend",
      open: "Open",
      asked: "Vrijwilligers gevraagd",
      matched: "Er is een helper",
      completed: "Afgerond",
      withdrawn: "Ingetrokken",
      expired: "Verlopen",
      cancelled: "Geannuleerd",
    },
    errors: {
      transition: {
        triage: "Deze hulpvraag is al bekeken.",
        ask: "Voor deze hulpvraag kunt u geen vrijwilligers meer vragen.",
        "all-declined": "Deze hulpvraag wacht niet op antwoorden.",
        accept: "Deze hulpvraag heeft al een helper, is ingetrokken of is gesloten.",
        complete: "Deze hulpvraag loopt niet.",
        withdraw: "Deze hulpvraag kan niet meer worden ingetrokken.",
        cancel: "Deze hulpvraag kan niet meer worden geannuleerd.",
        expire: "Deze hulpvraag kan niet verlopen.",
      },
      filled: "Iemand anders helpt al bij deze hulpvraag. Bedankt voor uw aanbod!",
      closed: "Deze hulpvraag is ingetrokken of gesloten.",
      notInvited: "U bent niet (meer) gevraagd voor deze hulpvraag.",
    },
  },
  helpEmail: {
    greeting: "Hallo {{name}},",
    open: "Bekijk de hulpvraag",
    noDetails: "Om uw privacy te beschermen staan er geen details in deze e-mail. Log in om ze te zien.",
    received: {
      subject: "Uw hulpvraag is ontvangen",
      intro: "We hebben uw hulpvraag ({{kind}}) ontvangen. Een coördinator kijkt ernaar en zoekt een vrijwilliger.",
    },
    asked: { subject: "Wilt u helpen?", intro: "Een coördinator vraagt of u kunt helpen bij een hulpvraag ({{kind}}) in uw buurt." },
    filled: { subject: "Hulpvraag is al vervuld", intro: "De hulpvraag ({{kind}}) waarvoor u gevraagd was, heeft al een helper. Bedankt!" },
    matched: { subject: "Er is een match", intro: "Er is een match voor de hulpvraag ({{kind}}). Log in om te zien wie helpt en wanneer." },
    offer: {
      subject: "Een vrijwilliger biedt hulp aan",
      intro: "Een vrijwilliger biedt hulp aan bij een hulpvraag ({{kind}}). Bevestig het aanbod in Noaber.",
    },
    sessionCancelled: { subject: "Een hulpmoment gaat niet door", intro: "Een hulpmoment bij de hulpvraag ({{kind}}) is afgezegd." },
    matchEnded: { subject: "De hulp is gestopt", intro: "De match bij de hulpvraag ({{kind}}) is beëindigd." },
    waiting: { subject: "Hulpvraag wacht te lang", intro: "Een hulpvraag ({{kind}}) in uw wijk wacht te lang op een helper." },
  },
};

const en: Shape<typeof nl> = {
  helpRequests: {
    kinds: {
      respite: "A break (respite) or company",
      transport: "Transport",
      shopping: "Shopping",
      household: "Household chores and odd jobs",
      paperwork: "Post and paperwork",
      digital: "Help with a computer or phone",
      walking: "Walking and going outside",
      other: "Something else",
    },
    urgency: { low: "Not urgent", normal: "Normal", high: "Urgent" },
    status: {
      submitted: "Submitted",
      open: "Open",
      asked: "Volunteers asked",
      matched: "A helper is found",
      completed: "Completed",
      withdrawn: "Withdrawn",
      expired: "Expired",
      cancelled: "Cancelled",
    },
    errors: {
      transition: {
        triage: "This help request has already been checked.",
        ask: "You can no longer ask volunteers for this help request.",
        "all-declined": "This help request is not waiting for answers.",
        accept: "This help request already has a helper, was withdrawn or is closed.",
        complete: "This help request is not running.",
        withdraw: "This help request can no longer be withdrawn.",
        cancel: "This help request can no longer be cancelled.",
        expire: "This help request cannot expire.",
      },
      filled: "Someone else is already helping with this request. Thank you for offering!",
      closed: "This help request was withdrawn or closed.",
      notInvited: "You are not (or no longer) asked for this help request.",
    },
  },
  helpEmail: {
    greeting: "Hello {{name}},",
    open: "View the help request",
    noDetails: "To protect privacy, this email holds no details. Sign in to see them.",
    received: {
      subject: "Your help request was received",
      intro: "We received your help request ({{kind}}). A coordinator will look at it and find a volunteer.",
    },
    asked: { subject: "Can you help?", intro: "A coordinator asks whether you can help with a request ({{kind}}) near you." },
    filled: {
      subject: "Help request already filled",
      intro: "The help request ({{kind}}) you were asked for already has a helper. Thank you!",
    },
    matched: { subject: "There is a match", intro: "There is a match for the help request ({{kind}}). Sign in to see who helps and when." },
    offer: { subject: "A volunteer offers help", intro: "A volunteer offers help with a request ({{kind}}). Confirm the offer in Noaber." },
    sessionCancelled: { subject: "A help session is cancelled", intro: "A help session for the request ({{kind}}) was cancelled." },
    matchEnded: { subject: "The help has ended", intro: "The match for the help request ({{kind}}) has ended." },
    waiting: {
      subject: "Help request waiting too long",
      intro: "A help request ({{kind}}) in your neighbourhood has waited too long for a helper.",
    },
  },
};

export const helpRequestsMessages = { nl, en };
