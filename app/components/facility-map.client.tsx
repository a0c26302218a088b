import L from "leaflet";
import { useEffect, useRef } from "react";

// The Leaflet map on /map, loaded lazily in the browser only (the list above it works without
// JavaScript and holds the same information). One marker per location with its services; markers
// are keyboard-focusable and carry the names as title and tooltip, so they stay useful when the
// tile server is unreachable or not configured (MAP_TILE_URL empty). Text goes in as text nodes,
// never as HTML. Locations that would overlap on screen at the current zoom share one numbered
// marker (regrouped after each zoom), so every marker is a whole 24 px target (WCAG 2.5.8).

export interface MapMarker {
  locationId: number;
  name: string;
  latitude: number;
  longitude: number;
  services: { id: number; name: string; category: string }[];
}

export default function FacilityMap({
  markers,
  tileUrl,
  attribution,
  label,
  groupTitle,
}: {
  markers: MapMarker[];
  tileUrl: string;
  attribution: string;
  label: string;
  /** The title of a marker that stands for `count` locations, e.g. "3 plekken". */
  groupTitle: (count: number) => string;
}) {
  const container = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const element = container.current;
    if (!element) return;
    const map = L.map(element, { scrollWheelZoom: false, keyboard: true });
    if (tileUrl) {
      const tiles = L.tileLayer(tileUrl, { maxZoom: 19, attribution: "" });
      tiles.addTo(map);
      // Attribution as plain text (Leaflet would insert the option as HTML).
      map.attributionControl.setPrefix(false);
      map.attributionControl.addAttribution(escapeHtml(attribution));
    }
    const bounds = markers.map((m): L.LatLngTuple => [m.latitude, m.longitude]);
    // Room for the zoom buttons at the top left, so no marker lies under them.
    if (bounds.length > 0) map.fitBounds(bounds, { paddingTopLeft: [56, 24], paddingBottomRight: [24, 24], maxZoom: 16 });
    else map.setView([52.2, 6.9], 12);
    const layer = L.layerGroup().addTo(map);
    const draw = () => {
      layer.clearLayers();
      for (const group of groupOnScreen(map, markers)) {
        const [first] = group as [MapMarker, ...MapMarker[]];
        const single = group.length === 1;
        const title = single
          ? `${first.name}: ${first.services.map((s) => s.name).join(", ")}`
          : `${groupTitle(group.length)}: ${group.map((m) => m.name).join(", ")}`;
        const marker = L.marker([first.latitude, first.longitude], {
          title,
          alt: title,
          keyboard: true,
          icon: single
            ? L.divIcon({ className: "facility-marker", iconSize: [24, 24], iconAnchor: [12, 12], html: "" })
            : L.divIcon({
                className: "facility-marker facility-marker--group",
                iconSize: [28, 28],
                iconAnchor: [14, 14],
                html: textElement("span", String(group.length)),
              }),
        });
        // Built when first shown, not for every marker up front.
        marker.bindTooltip(() => textElement("span", single ? first.name : groupTitle(group.length)), {
          direction: "top",
          offset: [0, -12],
        });
        marker.bindPopup(() => popupContent(group));
        layer.addLayer(marker);
      }
    };
    draw();
    map.on("zoomend", draw);
    return () => {
      map.remove();
    };
  }, [markers, tileUrl, attribution, groupTitle]);

  return <div ref={container} className="facility-map" role="region" aria-label={label} />;
}

function textElement(tag: string, text: string) {
  const el = document.createElement(tag);
  el.textContent = text;
  return el;
}

/** Markers whose centres lie closer than this (in screen pixels, either way) would overlap. */
const MIN_DISTANCE = 30;

/** Groups the locations that would overlap at the map's current zoom; each group is drawn at its first location. */
function groupOnScreen(map: L.Map, markers: MapMarker[]): MapMarker[][] {
  const groups: { at: L.Point; members: MapMarker[] }[] = [];
  for (const m of markers) {
    const at = map.latLngToContainerPoint([m.latitude, m.longitude]);
    const near = groups.find((g) => Math.abs(g.at.x - at.x) < MIN_DISTANCE && Math.abs(g.at.y - at.y) < MIN_DISTANCE);
    if (near) near.members.push(m);
    else groups.push({ at, members: [m] });
  }
  return groups.map((g) => g.members);
}

function popupContent(group: MapMarker[]) {
  const wrapper = document.createElement("div");
  for (const m of group) {
    wrapper.appendChild(textElement("strong", m.name));
    const list = document.createElement("ul");
    list.className = "facility-map__services";
    for (const s of m.services) {
      const item = document.createElement("li");
      const link = document.createElement("a");
      link.href = `/facilities/${s.id}`;
      link.textContent = s.name;
      item.appendChild(link);
      list.appendChild(item);
    }
    wrapper.appendChild(list);
  }
  return wrapper;
}

function escapeHtml(text: string) {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
