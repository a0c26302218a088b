import { and, asc, eq, isNull } from "drizzle-orm";
import { createCooperation, createFacility } from "~/demo/builders";
import type { Database } from "#db/client";
import { activity, facilityService, municipality, neighbourhood, neighbourhoodPostcode, organisation } from "#db/schema";
import type { AccessibilityFeature, CapacityStatus, FacilityAccessKind, FacilityCategory, TargetGroup } from "../domain/vocabulary";

// The social-map part of the demo seed: 44 facilities over the demo neighbourhoods, every
// category, with opening hours, cooperation links, some stale (verified more than 6 months ago),
// some full or with a waiting list, two kept by Noaber organisations, and activities held at some
// of the locations. Idempotent: does nothing when any facility exists.

const DAY = 86_400_000;

/** Rough centres of the demo neighbourhoods (a fictional town drawn over Enschede's coordinates). */
const CENTRES: Record<string, [number, number]> = {
  binnenstad: [52.2215, 6.8937],
  oosterveld: [52.2195, 6.9135],
  westwijk: [52.2183, 6.8705],
  "de-esch": [52.2352, 6.8921],
  kanaalzone: [52.2071, 6.8772],
  boswijk: [52.2336, 6.9153],
  noorderhaven: [52.2448, 6.8842],
};

const STREETS = [
  "Marktstraat",
  "Kerkstraat",
  "Lindelaan",
  "Esweg",
  "Havenkade",
  "Bosrand",
  "Schoolstraat",
  "Molenweg",
  "Stationsplein",
  "Vlierstraat",
  "Beukenlaan",
  "Kanaaldijk",
];

type Row = {
  name: string;
  org: string;
  category: FacilityCategory;
  area: keyof typeof CENTRES;
  access: FacilityAccessKind;
  groups: TargetGroup[];
  languages: string[];
  capacity?: CapacityStatus;
  waiting?: number | null;
  /** Days since it was last verified (over ~183 is stale). */
  verifiedDaysAgo?: number;
  free?: boolean;
  cost?: string;
  hours?: "office" | "mornings" | "afternoons" | "evenings" | "weekend" | "none";
  accessibility?: AccessibilityFeature[];
  description: string;
  linkTo?: string;
};

const FACILITIES: Row[] = [
  {
    name: "Peuteropvang De Kikkers",
    org: "Kinderopvang Hoflanden",
    category: "childcare",
    area: "binnenstad",
    access: "waiting-list",
    groups: ["youth"],
    languages: ["nl"],
    capacity: "full",
    waiting: 12,
    cost: "Afhankelijk van inkomen",
    hours: "office",
    accessibility: ["wheelchair"],
    description: "Opvang voor kinderen van 2 tot 4 jaar, met spelen en voorlezen.",
  },
  {
    name: "BSO De Boomhut",
    org: "Kinderopvang Hoflanden",
    category: "childcare",
    area: "westwijk",
    access: "walk-in",
    groups: ["youth"],
    languages: ["nl", "en"],
    capacity: "limited",
    waiting: 0,
    cost: "€ 8,50 per uur",
    hours: "afternoons",
    description: "Buitenschoolse opvang na school en in de vakanties.",
  },
  {
    name: "Gastouderbureau Noaberkind",
    org: "Gastouderbureau Noaberkind",
    category: "childcare",
    area: "noorderhaven",
    access: "referral",
    groups: ["youth"],
    languages: ["nl", "tr"],
    capacity: "open",
    hours: "office",
    verifiedDaysAgo: 240,
    description: "Bemiddeling tussen ouders en gastouders in de wijk.",
  },
  {
    name: "Taalhuis Hoflanden",
    org: "Bibliotheek Hoflanden",
    category: "education",
    area: "binnenstad",
    access: "walk-in",
    groups: ["everyone", "newcomers"],
    languages: ["nl", "ar", "ti", "uk"],
    free: true,
    hours: "office",
    accessibility: ["wheelchair", "lift", "accessible-toilet", "hearing-loop"],
    description: "Hulp bij lezen, schrijven en rekenen. Ook voor mensen die Nederlands leren.",
    linkTo: "Taalcafé Oosterveld",
  },
  {
    name: "Huiswerkklas De Esch",
    org: "Stichting Leerkracht",
    category: "education",
    area: "de-esch",
    access: "walk-in",
    groups: ["youth"],
    languages: ["nl"],
    free: true,
    hours: "afternoons",
    description: "Huiswerkbegeleiding voor kinderen uit groep 7 en 8 en de brugklas.",
  },
  {
    name: "Digicafé Kanaalzone",
    org: "Bibliotheek Hoflanden",
    category: "education",
    area: "kanaalzone",
    access: "walk-in",
    groups: ["older-people", "everyone"],
    languages: ["nl"],
    free: true,
    hours: "mornings",
    description: "Vragen over uw telefoon, computer of DigiD? Vrijwilligers helpen u.",
  },
  {
    name: "Muziekschool Hoflanden – wijkles",
    org: "Muziekschool Hoflanden",
    category: "culture",
    area: "oosterveld",
    access: "walk-in",
    groups: ["youth", "everyone"],
    languages: ["nl"],
    cost: "€ 5 per les",
    hours: "evenings",
    description: "Samen zingen en een instrument leren in het wijkcentrum.",
  },
  {
    name: "Theater De Schuur",
    org: "Stichting De Schuur",
    category: "culture",
    area: "binnenstad",
    access: "walk-in",
    groups: ["everyone"],
    languages: ["nl", "en"],
    cost: "Kaartjes vanaf € 7,50",
    hours: "evenings",
    accessibility: ["wheelchair", "accessible-toilet", "hearing-loop"],
    description: "Kleinkunst, film en toneel. Met Stadspas korting.",
  },
  {
    name: "Buurtatelier Boswijk",
    org: "Kunstkring Boswijk",
    category: "culture",
    area: "boswijk",
    access: "walk-in",
    groups: ["everyone", "older-people"],
    languages: ["nl"],
    free: true,
    hours: "afternoons",
    verifiedDaysAgo: 300,
    description: "Schilderen, tekenen en kletsen, elke week.",
  },
  {
    name: "Voedselbank uitgiftepunt Westwijk",
    org: "Voedselbank Hoflanden",
    category: "financial-support",
    area: "westwijk",
    access: "referral",
    groups: ["low-income"],
    languages: ["nl", "ar", "pl"],
    free: true,
    hours: "weekend",
    description: "Wekelijks een voedselpakket voor huishoudens met heel weinig geld.",
  },
  {
    name: "Stadspasloket",
    org: "Gemeente Hoflanden",
    category: "financial-support",
    area: "binnenstad",
    access: "walk-in",
    groups: ["low-income"],
    languages: ["nl", "en"],
    free: true,
    hours: "office",
    accessibility: ["wheelchair", "lift"],
    description: "Vraag de Stadspas aan voor korting op sport, cultuur en het zwembad.",
  },
  {
    name: "Kledingbank Noorderhaven",
    org: "Stichting Kledingbank",
    category: "financial-support",
    area: "noorderhaven",
    access: "referral",
    groups: ["low-income"],
    languages: ["nl"],
    free: true,
    hours: "mornings",
    capacity: "limited",
    description: "Gratis goede kleding voor volwassenen en kinderen.",
  },
  {
    name: "Opvoedsteunpunt",
    org: "Centrum Jeugd en Gezin Hoflanden",
    category: "parenting-support",
    area: "oosterveld",
    access: "walk-in",
    groups: ["youth", "everyone"],
    languages: ["nl", "tr", "ar"],
    free: true,
    hours: "office",
    description: "Vragen over opvoeden en opgroeien? Loop binnen of bel.",
    linkTo: "Jeugdteam Oost",
  },
  {
    name: "Oudercafé De Esch",
    org: "Centrum Jeugd en Gezin Hoflanden",
    category: "parenting-support",
    area: "de-esch",
    access: "walk-in",
    groups: ["everyone"],
    languages: ["nl"],
    free: true,
    hours: "mornings",
    verifiedDaysAgo: 210,
    description: "Ouders praten met elkaar over opvoeden, met koffie.",
  },
  {
    name: "Home-Start Hoflanden",
    org: "Humanitas Hoflanden",
    category: "parenting-support",
    area: "westwijk",
    access: "waiting-list",
    groups: ["youth"],
    languages: ["nl", "en"],
    waiting: 6,
    capacity: "limited",
    free: true,
    hours: "office",
    description: "Een vrijwilliger komt wekelijks bij gezinnen met jonge kinderen.",
  },
  {
    name: "Jeugdteam Oost",
    org: "Jeugdteam Hoflanden",
    category: "youth-care",
    area: "oosterveld",
    access: "referral",
    groups: ["youth"],
    languages: ["nl"],
    waiting: 4,
    capacity: "limited",
    free: true,
    hours: "office",
    description: "Hulp voor kinderen, jongeren en hun ouders als het thuis of op school moeilijk gaat.",
  },
  {
    name: "Jongerenwerk Kanaalzone",
    org: "Welzijn Hoflanden",
    category: "youth-care",
    area: "kanaalzone",
    access: "walk-in",
    groups: ["youth"],
    languages: ["nl", "ar", "tr"],
    free: true,
    hours: "evenings",
    description: "Een plek voor jongeren van 12 tot 23 jaar, met jongerenwerkers.",
  },
  {
    name: "Jeugdteam West",
    org: "Jeugdteam Hoflanden",
    category: "youth-care",
    area: "westwijk",
    access: "referral",
    groups: ["youth"],
    languages: ["nl"],
    waiting: 9,
    capacity: "full",
    free: true,
    hours: "office",
    description: "Hulp voor gezinnen in Westwijk en Kanaalzone.",
  },
  {
    name: "Dagbesteding De Werkplaats",
    org: "Zorggroep Twentestroom",
    category: "disability-care",
    area: "kanaalzone",
    access: "referral",
    groups: ["disability"],
    languages: ["nl"],
    capacity: "full",
    waiting: 16,
    hours: "office",
    accessibility: ["wheelchair", "accessible-toilet", "quiet-room"],
    description: "Zinvol werk in de houtwerkplaats voor mensen met een beperking.",
  },
  {
    name: "MEE Cliëntondersteuning",
    org: "MEE Hoflanden",
    category: "disability-care",
    area: "binnenstad",
    access: "walk-in",
    groups: ["disability", "carers"],
    languages: ["nl"],
    free: true,
    hours: "office",
    description: "Gratis ondersteuning bij het regelen van zorg en hulp.",
  },
  {
    name: "Logeerhuis De Vlinder",
    org: "Zorggroep Twentestroom",
    category: "disability-care",
    area: "boswijk",
    access: "waiting-list",
    groups: ["disability", "youth"],
    languages: ["nl"],
    waiting: 20,
    capacity: "full",
    hours: "weekend",
    verifiedDaysAgo: 400,
    description: "Logeeropvang in het weekend voor kinderen met een beperking.",
  },
  {
    name: "Inloop GGZ De Horizon",
    org: "GGZ Oost",
    category: "mental-health",
    area: "binnenstad",
    access: "walk-in",
    groups: ["everyone"],
    languages: ["nl", "en"],
    free: true,
    hours: "afternoons",
    accessibility: ["quiet-room"],
    description: "Binnenlopen voor een praatje, een maaltijd of steun. Zonder verwijzing.",
  },
  {
    name: "Praktijkondersteuner GGZ Oosterveld",
    org: "Huisartsen Oosterveld",
    category: "mental-health",
    area: "oosterveld",
    access: "referral",
    groups: ["everyone"],
    languages: ["nl"],
    waiting: 3,
    hours: "office",
    description: "Gesprekken bij somberheid, stress of angst, via de huisarts.",
  },
  {
    name: "Herstelacademie",
    org: "GGZ Oost",
    category: "mental-health",
    area: "noorderhaven",
    access: "walk-in",
    groups: ["everyone"],
    languages: ["nl"],
    free: true,
    hours: "mornings",
    verifiedDaysAgo: 250,
    description: "Cursussen en lotgenotencontact over herstel, door ervaringsdeskundigen.",
  },
  {
    name: "Mantelzorgsteunpunt Hoflanden",
    org: "Welzijn Hoflanden",
    category: "respite-day-care",
    area: "binnenstad",
    access: "walk-in",
    groups: ["carers"],
    languages: ["nl", "en"],
    free: true,
    hours: "office",
    description: "Advies, een luisterend oor en respijtzorg voor mantelzorgers.",
    linkTo: "Dagopvang Het Anker",
  },
  {
    name: "Dagopvang Het Anker",
    org: "Zorggroep Twentestroom",
    category: "respite-day-care",
    area: "de-esch",
    access: "referral",
    groups: ["older-people", "carers"],
    languages: ["nl"],
    waiting: 2,
    capacity: "limited",
    hours: "office",
    accessibility: ["wheelchair", "accessible-toilet"],
    description: "Dagopvang voor ouderen met geheugenproblemen, zodat de mantelzorger even vrij is.",
  },
  {
    name: "Ontmoetingscentrum Boswijk",
    org: "Zorggroep Twentestroom",
    category: "respite-day-care",
    area: "boswijk",
    access: "waiting-list",
    groups: ["older-people", "carers"],
    languages: ["nl"],
    waiting: 8,
    capacity: "full",
    hours: "office",
    description: "Voor mensen met dementie en hun mantelzorgers.",
  },
  {
    name: "Gezondheidscentrum Oosterveld",
    org: "Huisartsen Oosterveld",
    category: "health",
    area: "oosterveld",
    access: "walk-in",
    groups: ["everyone"],
    languages: ["nl", "en", "tr"],
    hours: "office",
    accessibility: ["wheelchair", "parking"],
    description: "Huisartsen, fysiotherapie en apotheek onder één dak.",
  },
  {
    name: "Consultatiebureau Westwijk",
    org: "GGD Twente",
    category: "health",
    area: "westwijk",
    access: "referral",
    groups: ["youth"],
    languages: ["nl"],
    free: true,
    hours: "mornings",
    description: "Groei en gezondheid van kinderen van 0 tot 4 jaar.",
  },
  {
    name: "Beweegmaatje",
    org: "Welzijn Hoflanden",
    category: "health",
    area: "kanaalzone",
    access: "walk-in",
    groups: ["older-people"],
    languages: ["nl"],
    free: true,
    hours: "mornings",
    verifiedDaysAgo: 200,
    description: "Samen wandelen of fietsen met een vrijwilliger.",
  },
  {
    name: "Buurtsportcoach Westwijk",
    org: "Sportvereniging Hoflanden",
    category: "sport-leisure",
    area: "westwijk",
    access: "walk-in",
    groups: ["everyone", "youth"],
    languages: ["nl"],
    free: true,
    hours: "afternoons",
    description: "Gratis sporten in de wijk, voor jong en oud.",
  },
  {
    name: "Zwembad De Vijver – aangepast zwemmen",
    org: "Zwembad De Vijver",
    category: "sport-leisure",
    area: "boswijk",
    access: "walk-in",
    groups: ["disability", "older-people"],
    languages: ["nl"],
    cost: "€ 4,50 per keer",
    hours: "weekend",
    accessibility: ["wheelchair", "accessible-toilet", "lift"],
    description: "Zwemmen in warm water, met hulp bij het omkleden.",
  },
  {
    name: "Scouting Noorderhaven",
    org: "Scouting Noorderhaven",
    category: "sport-leisure",
    area: "noorderhaven",
    access: "walk-in",
    groups: ["youth"],
    languages: ["nl"],
    cost: "€ 90 per jaar",
    hours: "weekend",
    description: "Buiten spelen, kamperen en samen dingen doen.",
  },
  {
    name: "Schuldhulpmaatje",
    org: "Schuldhulpmaatje Hoflanden",
    category: "debt-income",
    area: "binnenstad",
    access: "walk-in",
    groups: ["low-income", "everyone"],
    languages: ["nl"],
    free: true,
    hours: "office",
    description: "Een getrainde vrijwilliger helpt u met schulden en papieren.",
    linkTo: "Schuldhulpverlening gemeente",
  },
  {
    name: "Schuldhulpverlening gemeente",
    org: "Gemeente Hoflanden",
    category: "debt-income",
    area: "binnenstad",
    access: "waiting-list",
    groups: ["low-income"],
    languages: ["nl", "en"],
    waiting: 5,
    capacity: "limited",
    free: true,
    hours: "office",
    description: "Professionele hulp bij problematische schulden.",
  },
  {
    name: "Formulierenbrigade Oosterveld",
    org: "Welzijn Hoflanden",
    category: "debt-income",
    area: "oosterveld",
    access: "walk-in",
    groups: ["everyone", "newcomers"],
    languages: ["nl", "ar", "ti"],
    free: true,
    hours: "mornings",
    description: "Hulp bij formulieren, toeslagen en brieven van instanties.",
  },
  {
    name: "Woonwinkel Hoflanden",
    org: "Woningcorporatie Hoflanden",
    category: "housing",
    area: "binnenstad",
    access: "walk-in",
    groups: ["everyone"],
    languages: ["nl"],
    hours: "office",
    accessibility: ["wheelchair"],
    description: "Vragen over huren, woningruil en onderhoud.",
  },
  {
    name: "Buurtbemiddeling",
    org: "Welzijn Hoflanden",
    category: "housing",
    area: "kanaalzone",
    access: "walk-in",
    groups: ["everyone"],
    languages: ["nl", "en"],
    free: true,
    hours: "office",
    verifiedDaysAgo: 365,
    description: "Ruzie of overlast met de buren? Bemiddelaars helpen u praten.",
  },
  {
    name: "Wonen met zorg De Esch",
    org: "Zorggroep Twentestroom",
    category: "housing",
    area: "de-esch",
    access: "waiting-list",
    groups: ["older-people", "disability"],
    languages: ["nl"],
    waiting: 52,
    capacity: "full",
    hours: "none",
    description: "Zelfstandig wonen met zorg in de buurt.",
  },
  {
    name: "Taalcafé Oosterveld",
    org: "Bibliotheek Hoflanden",
    category: "language-integration",
    area: "oosterveld",
    access: "walk-in",
    groups: ["newcomers"],
    languages: ["nl", "ar", "uk", "ti", "so"],
    free: true,
    hours: "evenings",
    description: "Nederlands oefenen met buurtbewoners, met koffie en thee.",
  },
  {
    name: "VluchtelingenWerk spreekuur",
    org: "VluchtelingenWerk Oost",
    category: "language-integration",
    area: "noorderhaven",
    access: "walk-in",
    groups: ["newcomers"],
    languages: ["nl", "ar", "ti", "so", "en"],
    free: true,
    hours: "mornings",
    description: "Hulp bij inburgeren, post en de weg vinden in Hoflanden.",
  },
  {
    name: "Inburgeringscursus Boswijk",
    org: "Stichting Leerkracht",
    category: "language-integration",
    area: "boswijk",
    access: "referral",
    groups: ["newcomers"],
    languages: ["nl", "uk", "ar"],
    waiting: 3,
    capacity: "limited",
    hours: "office",
    description: "Lessen Nederlands en kennis van de Nederlandse maatschappij.",
  },
  {
    name: "Buurthuis De Esch – inloop",
    org: "Buurthuis De Esch",
    category: "culture",
    area: "de-esch",
    access: "walk-in",
    groups: ["everyone", "older-people"],
    languages: ["nl"],
    free: true,
    hours: "mornings",
    accessibility: ["wheelchair", "accessible-toilet"],
    description: "Koffie, kranten en activiteiten voor iedereen in de wijk.",
  },
  {
    name: "Sportvereniging Hoflanden – G-voetbal",
    org: "Sportvereniging Hoflanden",
    category: "sport-leisure",
    area: "westwijk",
    access: "walk-in",
    groups: ["disability", "youth"],
    languages: ["nl"],
    cost: "€ 60 per jaar",
    hours: "weekend",
    description: "Voetbal voor kinderen en volwassenen met een beperking.",
  },
];

/** Extra links besides `linkTo`: [from, to, kind, purpose]. */
const LINKS: [string, string, "referral" | "agreement", string][] = [
  ["Voedselbank uitgiftepunt Westwijk", "Schuldhulpmaatje", "referral", "Bij geldzorgen verwijzen we door voor hulp bij schulden"],
  ["Formulierenbrigade Oosterveld", "Schuldhulpverlening gemeente", "referral", "Als er schulden blijken bij het invullen van formulieren"],
  ["Jeugdteam Oost", "Inloop GGZ De Horizon", "agreement", "Samen optrekken bij ouders met psychische klachten"],
  ["Opvoedsteunpunt", "Home-Start Hoflanden", "referral", "Gezinnen die thuis steun van een vrijwilliger willen"],
  ["Taalcafé Oosterveld", "VluchtelingenWerk spreekuur", "agreement", "Samen taalmaatjes werven"],
  ["Mantelzorgsteunpunt Hoflanden", "MEE Cliëntondersteuning", "referral", "Mantelzorgers die zorg moeten regelen"],
  ["Gezondheidscentrum Oosterveld", "Praktijkondersteuner GGZ Oosterveld", "referral", "Patiënten met psychische klachten"],
  ["Gezondheidscentrum Oosterveld", "Beweegmaatje", "referral", "Ouderen die meer willen bewegen"],
  ["Stadspasloket", "Buurtsportcoach Westwijk", "agreement", "Gratis sporten met de Stadspas"],
  ["Woonwinkel Hoflanden", "Buurtbemiddeling", "referral", "Bij klachten over overlast van buren"],
  ["Consultatiebureau Westwijk", "Peuteropvang De Kikkers", "referral", "Peuters met een taalachterstand"],
];

const HOURS: Record<NonNullable<Row["hours"]>, { weekday: number; opensAt: string; closesAt: string }[]> = {
  office: [1, 2, 3, 4, 5].flatMap((weekday) => [
    { weekday, opensAt: "09:00", closesAt: "12:30" },
    { weekday, opensAt: "13:30", closesAt: "17:00" },
  ]),
  mornings: [1, 3, 5].map((weekday) => ({ weekday, opensAt: "09:30", closesAt: "12:00" })),
  afternoons: [1, 2, 4].map((weekday) => ({ weekday, opensAt: "13:00", closesAt: "17:30" })),
  evenings: [2, 4].map((weekday) => ({ weekday, opensAt: "19:00", closesAt: "22:00" })),
  weekend: [6, 7].map((weekday) => ({ weekday, opensAt: "10:00", closesAt: "16:00" })),
  none: [],
};

const slug = (s: string) =>
  s
    .toLowerCase()
    .normalize("NFD")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "");

export async function seedFacilities(database: Database, { now }: { now: number }) {
  const db = database.db;
  if ((await db.select({ id: facilityService.id }).from(facilityService).limit(1)).length > 0) return { seeded: false };
  const [town] = await db.select({ id: municipality.id }).from(municipality).orderBy(asc(municipality.id)).limit(1);
  if (!town) return { seeded: false };
  const areas = await db
    .select({ id: neighbourhood.id, slug: neighbourhood.slug, postcode: neighbourhoodPostcode.postcode })
    .from(neighbourhood)
    .innerJoin(neighbourhoodPostcode, eq(neighbourhoodPostcode.neighbourhoodId, neighbourhood.id))
    .where(eq(neighbourhood.municipalityId, town.id))
    .orderBy(asc(neighbourhoodPostcode.postcode));
  const areaOf = (s: string) => areas.find((a) => a.slug === s) ?? areas[0]!;
  const noaberOrgs = new Map(
    (await db.select({ id: organisation.id, name: organisation.name }).from(organisation)).map((o) => [o.name, o.id]),
  );

  return database.write(async (tx) => {
    const ids = new Map<string, number>();
    const locations = new Map<string, number>();
    // One organisation row per organisation name, with its services at several locations.
    const organizations = new Map<string, number>();
    for (const [index, f] of FACILITIES.entries()) {
      const area = areaOf(f.area);
      const [lat, lng] = CENTRES[f.area] ?? [52.22, 6.89];
      // Spread the locations a little around the centre, deterministically.
      const dLat = ((index * 37) % 19) / 19 - 0.5;
      const dLng = ((index * 53) % 23) / 23 - 0.5;
      const letters = String.fromCharCode(65 + (index % 26)) + String.fromCharCode(65 + ((index * 7) % 26));
      const verifiedAt = now - (f.verifiedDaysAgo ?? (index * 11) % 120) * DAY;
      const created = await createFacility(tx, {
        organizationId: organizations.get(f.org),
        municipalityId: town.id,
        neighbourhoodId: area.id,
        postcodeArea: area.postcode,
        organization: {
          name: f.org,
          description: "",
          website: `https://www.${slug(f.org)}.example.org`,
          organisationId: noaberOrgs.get(f.org) ?? null,
          createdAt: now - 400 * DAY,
          updatedAt: now - 400 * DAY,
        },
        location: {
          name: f.name.split(" – ")[0]!,
          address: `${STREETS[index % STREETS.length]} ${1 + ((index * 13) % 120)}`,
          postcode: `${area.postcode}${letters}`,
          city: "Hoflanden",
          latitude: Math.round((lat + dLat * 0.008) * 1e6) / 1e6,
          longitude: Math.round((lng + dLng * 0.012) * 1e6) / 1e6,
          accessibility: f.accessibility ?? [],
          createdAt: now - 400 * DAY,
          updatedAt: now - 400 * DAY,
        },
        service: {
          name: f.name,
          category: f.category,
          description: f.description,
          targetGroups: f.groups,
          access: f.access,
          free: f.free ?? false,
          cost: f.free ? "Gratis" : (f.cost ?? ""),
          languages: f.languages,
          email: `info@${slug(f.org)}.example.org`,
          phone: `053 ${String(200 + index).padStart(3, "0")} ${String(10 + index).padStart(2, "0")} ${String(30 + index).padStart(2, "0")}`,
          waitingWeeks: f.waiting ?? (f.access === "waiting-list" ? 4 : null),
          capacityStatus: f.capacity ?? "open",
          verifiedAt,
          createdAt: now - 400 * DAY,
          updatedAt: verifiedAt,
        },
        hours: HOURS[f.hours ?? "office"],
      });
      ids.set(f.name, created.service.id);
      organizations.set(f.org, created.organization.id);
      locations.set(f.area, locations.get(f.area) ?? created.location.id);
    }
    const links = [
      ...FACILITIES.filter((f) => f.linkTo).map(
        (f) => [f.name, f.linkTo!, "referral", `${f.name} verwijst door naar ${f.linkTo}`] as const,
      ),
      ...LINKS,
    ];
    for (const [from, to, kind, purpose] of links) {
      const fromServiceId = ids.get(from);
      const toServiceId = ids.get(to);
      if (fromServiceId && toServiceId)
        await createCooperation(tx, { fromServiceId, toServiceId, kind, purpose, createdAt: now - 30 * DAY });
    }
    // Activities in a neighbourhood with a facility are held at its first location there.
    const activities = await tx
      .select({ id: activity.id, neighbourhoodId: activity.neighbourhoodId })
      .from(activity)
      .where(isNull(activity.facilityLocationId));
    for (const a of activities) {
      const area = areas.find((n) => n.id === a.neighbourhoodId);
      const locationId = area ? locations.get(area.slug) : undefined;
      if (locationId)
        await tx
          .update(activity)
          .set({ facilityLocationId: locationId })
          .where(and(eq(activity.id, a.id), isNull(activity.facilityLocationId)));
    }
    return { seeded: true, facilities: ids.size };
  });
}
