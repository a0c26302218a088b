import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useLocation } from "@remix-run/react";
import leafletStyles from "leaflet/dist/leaflet.css?url";
import { lazy, Suspense, useCallback, useEffect, useMemo, useRef, useState } from "react";
import { useTranslation } from "~/locales/i18n-react";
import { facilityCategories, facilityFormLanguages, targetGroups } from "~/domain/vocabulary";
import type { MapMarker } from "~/components/facility-map.client";
import { getMapPage } from "~/domain/social-map";
import { parseFacilitySearch } from "~/domain/social-map/shared";
import { getT } from "~/locales/i18n";
import { getCtx } from "~/web/request.server";
import socialMapStyles from "~/styles/social-map.css?url";

const FacilityMap = lazy(() => import("~/components/facility-map.client"));

// Our map rules first, then Leaflet's: the order the base stylesheet and Leaflet had before the split.
export const links: LinksFunction = () => [
  { rel: "stylesheet", href: socialMapStyles },
  { rel: "stylesheet", href: leafletStyles },
];

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${getT(data?.locale ?? "nl")("socialMap.map.title")} · Noaber` }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const ctx = await getCtx(request, context);
  const page = await getMapPage({ ctx, input: parseFacilitySearch(new URL(request.url).searchParams) });
  const { MAP_TILE_URL, MAP_TILE_ATTRIBUTION } = context.services.env;
  // MAP_TILE_URL=none: no tile server (closed networks, tests); markers and the list still work.
  const tileUrl = /^\s*(none|off)?\s*$/i.test(MAP_TILE_URL) ? "" : MAP_TILE_URL;
  return { locale: ctx.locale, ...page, tiles: { url: tileUrl, attribution: MAP_TILE_ATTRIBUTION } };
}

type Data = ReturnType<typeof useLoaderData<typeof loader>>;

export default function MapPage() {
  const data = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  // Fields show the current filters as defaults: a new search (also "clear") must remount the form.
  const { search } = useLocation();
  return (
    <section className="stack">
      <h1 className="utrecht-heading-1">{t("socialMap.map.title")}</h1>
      <p className="utrecht-paragraph">{t("socialMap.map.intro")}</p>
      <p className="utrecht-paragraph action-links">
        <Link to="/map/cooperation" className="utrecht-link standalone-link">
          {t("socialMap.map.cooperationLink")}
        </Link>
        {data.canKeepMap ? (
          <>
            {" "}
            <Link to="/facilities/new" className="utrecht-link standalone-link">
              {t("socialMap.map.newFacility")}
            </Link>{" "}
            <Link to="/coordinator/facilities" className="utrecht-link standalone-link">
              {t("socialMap.map.staleLink")}
            </Link>
          </>
        ) : null}
      </p>
      <Filters key={search} filters={data.filters} neighbourhoods={data.neighbourhoods} />
      <Results data={data} />
    </section>
  );
}

function Filters({ filters, neighbourhoods }: Pick<Data, "filters" | "neighbourhoods">) {
  const { t } = useTranslation();
  const languageLabel = (code: string) => t(`community.languages.${code}`, { defaultValue: code });
  const select = (
    name: "category" | "neighbourhood" | "targetGroup" | "language",
    label: string,
    all: string,
    choices: { value: string; label: string }[],
  ) => (
    <div className="field utrecht-form-field">
      <label htmlFor={`map-${name}`} className="utrecht-form-label">
        {label}
      </label>
      <select id={`map-${name}`} name={name} defaultValue={filters[name] ?? ""} className="utrecht-select utrecht-select--html-select">
        <option value="">{all}</option>
        {choices.map((c) => (
          <option key={c.value} value={c.value}>
            {c.label}
          </option>
        ))}
      </select>
    </div>
  );
  const checkbox = (name: "openNow" | "noWaitingList", label: string) => (
    <div className="field field--checkbox">
      <input
        type="checkbox"
        id={`map-${name}`}
        name={name}
        value="on"
        defaultChecked={filters[name]}
        className="utrecht-checkbox utrecht-checkbox--html-input"
      />
      <label htmlFor={`map-${name}`}>{label}</label>
    </div>
  );
  return (
    <Form method="get" role="search" className="activity-filters" aria-labelledby="map-filters-title">
      <h2 id="map-filters-title" className="utrecht-heading-2">
        {t("socialMap.map.filters")}
      </h2>
      <div className="activity-filters__grid">
        <div className="field utrecht-form-field">
          <label htmlFor="map-q" className="utrecht-form-label">
            {t("socialMap.map.q")}
          </label>
          <p id="map-q-hint" className="field__hint utrecht-form-field-description">
            {t("socialMap.map.qHint")}
          </p>
          <input
            type="search"
            id="map-q"
            name="q"
            defaultValue={filters.q ?? ""}
            aria-describedby="map-q-hint"
            maxLength={100}
            className="utrecht-textbox utrecht-textbox--html-input"
          />
        </div>
        {select(
          "category",
          t("socialMap.map.category"),
          t("socialMap.map.allCategories"),
          facilityCategories.map((c) => ({ value: c, label: t(`socialMap.categories.${c}`) })),
        )}
        {select(
          "neighbourhood",
          t("socialMap.map.neighbourhood"),
          t("socialMap.map.allNeighbourhoods"),
          neighbourhoods.map((n) => ({ value: n.slug, label: n.name })),
        )}
        {select(
          "targetGroup",
          t("socialMap.map.targetGroup"),
          t("socialMap.map.allTargetGroups"),
          targetGroups.filter((g) => g !== "everyone").map((g) => ({ value: g, label: t(`community.targetGroups.${g}`) })),
        )}
        {select(
          "language",
          t("socialMap.map.language"),
          t("socialMap.map.allLanguages"),
          facilityFormLanguages.map((code) => ({ value: code, label: languageLabel(code) })),
        )}
      </div>
      {checkbox("openNow", t("socialMap.map.openNow"))}
      {checkbox("noWaitingList", t("socialMap.map.noWaitingList"))}
      <div className="button-row">
        <button type="submit" className="button button--primary utrecht-button">
          {t("socialMap.map.search")}
        </button>
        <Link to="/map" className="utrecht-link">
          {t("socialMap.map.reset")}
        </Link>
      </div>
    </Form>
  );
}

function Results({ data }: { data: Data }) {
  const { t } = useTranslation();
  const { items, total, nextAfter, filters } = data;
  const markers = useMemo(() => markersOf(items), [items]);
  const params = (after: string | null) => {
    const p = new URLSearchParams();
    for (const [key, value] of Object.entries(filters)) {
      if (key === "after" || value === undefined || value === false || value === "") continue;
      p.set(key, value === true ? "on" : String(value));
    }
    if (after) p.set("after", after);
    return `?${p.toString()}`;
  };
  return (
    <>
      <h2 className="utrecht-heading-2" aria-live="polite" id="map-results-title">
        {t("socialMap.map.results", { count: total })}
      </h2>
      {items.length === 0 ? <p className="utrecht-paragraph">{t("socialMap.map.none")}</p> : null}
      {markers.length > 0 ? (
        <div className="stack">
          <p className="utrecht-paragraph muted">{t("socialMap.map.mapNote")}</p>
          <ClientMap markers={markers} tileUrl={data.tiles.url} attribution={data.tiles.attribution} label={t("socialMap.map.mapLabel")} />
        </div>
      ) : null}
      <ul className="cards facility-list" aria-labelledby="map-results-title">
        {items.map((f) => (
          <li key={f.id} className="card facility-card">
            <h3 className="utrecht-heading-3">
              <Link to={`/facilities/${f.id}`} className="utrecht-link">
                {f.name}
              </Link>
            </h3>
            <p className="utrecht-paragraph">
              {t(`socialMap.categories.${f.category}`)} · {f.organization}
            </p>
            <p className="utrecht-paragraph">
              {`${f.address}, ${f.postcode.slice(0, 4)} ${f.postcode.slice(4)} ${f.city} (${f.neighbourhood})`}
            </p>
            <ul className="inline-list facility-card__facts">
              {f.hasHours ? <li className="badge">{f.open ? t("socialMap.map.openLabel") : t("socialMap.map.closedLabel")}</li> : null}
              <li className="badge">{t(`socialMap.access.${f.access}`)}</li>
              <li className={`badge facility-capacity--${f.capacityStatus}`}>{t(`socialMap.capacity.${f.capacityStatus}`)}</li>
              {f.waitingWeeks ? <li className="badge">{t("socialMap.map.waitingWeeks", { count: f.waitingWeeks })}</li> : null}
              {f.free ? <li className="badge">{t("socialMap.map.free")}</li> : null}
              {f.stale ? <li className="badge facility-stale">{t("socialMap.map.stale")}</li> : null}
            </ul>
          </li>
        ))}
      </ul>
      {filters.after || nextAfter ? (
        <nav aria-label={t("community.pagination.label")} className="pagination">
          {filters.after ? (
            <Link to={params(null)} className="utrecht-link">
              {t("socialMap.map.first")}
            </Link>
          ) : null}
          {nextAfter ? (
            <Link to={params(nextAfter)} className="utrecht-link" rel="next">
              {t("socialMap.map.more")}
            </Link>
          ) : null}
        </nav>
      ) : null}
    </>
  );
}

function markersOf(items: Data["items"]): MapMarker[] {
  const byLocation = new Map<number, MapMarker>();
  for (const f of items) {
    if (f.latitude === null || f.longitude === null) continue;
    const marker = byLocation.get(f.locationId) ?? {
      locationId: f.locationId,
      name: f.location,
      latitude: f.latitude,
      longitude: f.longitude,
      services: [],
    };
    marker.services.push({ id: f.id, name: f.name, category: f.category });
    byLocation.set(f.locationId, marker);
  }
  return [...byLocation.values()];
}

/**
 * The map only exists in the browser, after hydration; without JavaScript the list is the page.
 * Leaflet (43 KB) loads when the map's place comes near the screen, not before: on a phone the
 * filters fill the first screen, and a weak phone should not spend its first seconds on a map
 * nobody has scrolled to yet (issue 15). The empty frame keeps the map's place, so nothing moves.
 */
function ClientMap(props: { markers: MapMarker[]; tileUrl: string; attribution: string; label: string }) {
  const { t } = useTranslation();
  const [hydrated, setHydrated] = useState(false);
  const [near, setNear] = useState(false);
  const slot = useRef<HTMLDivElement>(null);
  useEffect(() => setHydrated(true), []);
  useEffect(() => {
    const element = slot.current;
    if (!element || near) return;
    if (typeof IntersectionObserver === "undefined") return setNear(true);
    const observer = new IntersectionObserver((entries) => entries.some((e) => e.isIntersecting) && setNear(true), {
      rootMargin: "200px 0px",
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, [hydrated, near]);
  // Stable, so the map is not drawn again on every render.
  const groupTitle = useCallback((count: number) => t("socialMap.map.markerGroup", { count }), [t]);
  if (!hydrated) return null;
  const empty = <div className="facility-map" role="region" aria-label={props.label} aria-busy="true" />;
  // One element that stays while the frame turns into the map: what the observer (and a test) holds on to.
  return (
    <div ref={slot} className="facility-map-slot">
      {near ? (
        <Suspense fallback={empty}>
          <FacilityMap {...props} groupTitle={groupTitle} />
        </Suspense>
      ) : (
        empty
      )}
    </div>
  );
}
