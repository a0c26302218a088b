import L from "leaflet";
import { useEffect, useRef } from "react";

// The Leaflet map on /map, loaded lazily in the browser only (the list above it works without
// JavaScript and holds the same information). One marker per location with its services; markers
// are keyboard-focusable and carry the names as title and tooltip, so they stay useful when the
// tile server is unreachable or not configured (MAP_TILE_URL empty). Text goes in as text nodes,
// never as HTML.

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
}: {
  markers: MapMarker[];
  tileUrl: string;
  attribution: string;
  label: string;
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
    const bounds: L.LatLngTuple[] = [];
    for (const m of markers) {
      const point: L.LatLngTuple = [m.latitude, m.longitude];
      bounds.push(point);
      const title = `${m.name}: ${m.services.map((s) => s.name).join(", ")}`;
      const marker = L.marker(point, {
        title,
        alt: title,
        keyboard: true,
        icon: L.divIcon({ className: "facility-marker", iconSize: [24, 24], iconAnchor: [12, 12], html: "" }),
      });
      marker.bindTooltip(textElement("span", m.name), { direction: "top", offset: [0, -12] });
      marker.bindPopup(popupContent(m));
      marker.addTo(map);
    }
    if (bounds.length > 0) map.fitBounds(bounds, { padding: [24, 24], maxZoom: 16 });
    else map.setView([52.2, 6.9], 12);
    return () => {
      map.remove();
    };
  }, [markers, tileUrl, attribution]);

  return <div ref={container} className="facility-map" role="region" aria-label={label} />;
}

function textElement(tag: string, text: string) {
  const el = document.createElement(tag);
  el.textContent = text;
  return el;
}

function popupContent(m: MapMarker) {
  const wrapper = document.createElement("div");
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
  return wrapper;
}

function escapeHtml(text: string) {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
