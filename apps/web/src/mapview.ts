import * as L from 'leaflet';
import type { Feature, FeatureCollection, Geometry, LineString } from 'geojson';
import type { AlertFeature, AreaProps, CatchmentProps, DistrictProps, HousingProps, SchoolProps } from './api';
import { bboxOf } from './geo';
import { esc } from './html';
import { num } from './i18n';
import { LEVEL_RANK, levelColour, schoolRadius } from './scales';
import { reasonDash } from './world-layer';

export type LayerId = 'counties' | 'townships' | 'villages' | 'catchments' | 'districts' | 'alerts' | 'plan' | 'schools' | 'housing';

/** Panes in drawing order: each layer has its own SVG, so tests and styles can address it. */
const PANES: [LayerId | 'planmarks' | 'highlight', number][] = [
  ['villages', 405],
  ['townships', 410],
  ['counties', 415],
  ['catchments', 420],
  ['districts', 430],
  ['alerts', 435],
  ['plan', 445],
  ['schools', 450],
  ['housing', 455],
  ['planmarks', 457],
  ['highlight', 460],
];

export type Selection =
  | { kind: 'school'; code: string }
  | { kind: 'area'; level: string; code: string }
  | { kind: 'catchment'; code: string }
  | { kind: 'district'; code: string }
  | { kind: 'alert'; feature: AlertFeature };

type PlanFeature = Feature<Geometry, Record<string, unknown>>;

function tagOnAdd(layer: L.Layer, attrs: Record<string, string>): void {
  layer.on('add', () => {
    const el = (layer as L.Path).getElement?.() ?? (layer as L.Marker).getElement?.();
    if (el) for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
  });
}

/** The Leaflet map: administrative boundaries as the base, one pane per layer, restyling without reloading. */
export class MapView {
  readonly map: L.Map;
  private groups = new Map<LayerId, L.LayerGroup>();
  private visible = new Set<LayerId>();
  private tiles: L.TileLayer | null = null;
  private highlight: L.LayerGroup;
  private villageLayers = new Map<string, L.Path>();
  private townshipLayers = new Map<string, L.Path>();
  private countyLayers = new Map<string, L.Path>();
  private catchmentLayers = new Map<string, L.Path>();
  private schoolMarkers = new Map<string, L.CircleMarker>();
  private housingMarkers = new Map<string, { marker: L.Marker; year: number }>();
  private housingYear = Number.NaN;
  onSelect: (s: Selection) => void = () => undefined;

  constructor(container: HTMLElement) {
    this.map = L.map(container, {
      zoomControl: true,
      attributionControl: true,
      preferCanvas: false,
      zoomSnap: 0.25,
      minZoom: 6,
      maxZoom: 18,
      worldCopyJump: false,
    });
    this.map.attributionControl.setPrefix('<a href="https://leafletjs.com" target="_blank" rel="noopener">Leaflet</a>');
    for (const [name, z] of PANES) this.map.createPane(name).style.zIndex = String(z);
    for (const [name] of PANES) if (name !== 'highlight' && name !== 'planmarks') this.groups.set(name, L.layerGroup());
    this.highlight = L.layerGroup().addTo(this.map);
    L.control.scale({ imperial: false, position: 'bottomleft' }).addTo(this.map);
    const zoomClass = () => {
      const z = this.map.getZoom();
      container.classList.toggle('zoom-ge-10', z >= 10);
      container.classList.toggle('zoom-ge-11', z >= 11);
      container.classList.toggle('zoom-ge-13', z >= 13);
    };
    this.map.on('zoomend', zoomClass);
    this.map.setView([28.95, 118.85], 9);
    zoomClass();
  }

  setTiles(url: string, attribution = ''): void {
    if (this.tiles) this.tiles.remove();
    this.tiles = null;
    if (url) this.tiles = L.tileLayer(url, { attribution: esc(attribution), maxZoom: 18, crossOrigin: true }).addTo(this.map);
  }

  setVisible(id: LayerId, on: boolean): void {
    const g = this.groups.get(id)!;
    if (on) {
      this.visible.add(id);
      g.addTo(this.map);
    } else {
      this.visible.delete(id);
      g.remove();
    }
    this.updateHitTesting();
  }

  isVisible(id: LayerId): boolean {
    return this.visible.has(id);
  }

  /** Only the finest visible administrative level takes clicks on its fill; coarser levels stay as lines. */
  private updateHitTesting(): void {
    const order: LayerId[] = ['villages', 'townships', 'counties'];
    const finest = order.find((id) => this.visible.has(id));
    for (const id of order) this.map.getPane(id)!.classList.toggle('no-hit', id !== finest);
  }

  fit(fc: FeatureCollection): void {
    const b = L.geoJSON(fc).getBounds();
    if (b.isValid()) this.map.fitBounds(b, { padding: [12, 12] });
  }

  /** The group of a layer, for modules that draw into it (world-layer.ts draws into the plan layer). */
  layerGroup(id: LayerId): L.LayerGroup {
    return this.groups.get(id)!;
  }

  private clear(id: LayerId): L.LayerGroup {
    const g = this.groups.get(id)!;
    g.clearLayers();
    return g;
  }

  // ---- administrative areas ----

  setAreas(id: 'counties' | 'townships' | 'villages', fc: FeatureCollection<Geometry, AreaProps>): void {
    const g = this.clear(id);
    const index = id === 'villages' ? this.villageLayers : id === 'townships' ? this.townshipLayers : this.countyLayers;
    index.clear();
    const base: L.PathOptions =
      id === 'counties'
        ? { color: '#34495e', weight: 2.2, fillColor: '#ffffff', fillOpacity: 0.01 }
        : id === 'townships'
          ? { color: '#6c7a89', weight: 1, dashArray: '4 3', fillColor: '#ffffff', fillOpacity: 0.01 }
          : { color: '#ffffff', weight: 0.6, fillColor: '#dfe3e8', fillOpacity: 0.75 };
    L.geoJSON(fc, {
      pane: id,
      style: () => base,
      onEachFeature: (f, layer) => {
        const p = f.properties as AreaProps;
        index.set(p.code, layer as L.Path);
        tagOnAdd(layer, { 'data-code': p.code, 'data-layer': id });
        if (id === 'villages') layer.bindTooltip(esc(p.name), { sticky: true, direction: 'top', className: 'hover-label' });
        else
          layer.bindTooltip(esc(p.name), { permanent: true, direction: 'center', className: `area-label label-${id}`, interactive: false });
        layer.on('click', (e: L.LeafletMouseEvent) => {
          L.DomEvent.stopPropagation(e);
          this.onSelect({ kind: 'area', level: p.level, code: p.code });
        });
      },
    }).addTo(g);
  }

  styleVillages(fill: (code: string) => string): void {
    for (const [code, layer] of this.villageLayers) layer.setStyle({ fillColor: fill(code) });
  }

  // ---- schools ----

  setSchools(fc: FeatureCollection<Geometry, SchoolProps>): void {
    const g = this.clear('schools');
    this.schoolMarkers.clear();
    // Large schools first, so small ones stay clickable on top.
    const features = [...fc.features].sort((a, b) => b.properties.enrolment - a.properties.enrolment);
    for (const f of features) {
      const p = f.properties;
      const m = L.circleMarker([p.lat, p.lon], {
        pane: 'schools',
        radius: schoolRadius(p.enrolment),
        color: '#ffffff',
        weight: 1,
        fillColor: '#b8c0c8',
        fillOpacity: 0.92,
      });
      m.bindTooltip(`${esc(p.name)} · ${esc(num(p.enrolment))}`, { direction: 'top', offset: [0, -4], className: 'hover-label' });
      m.on('click', (e: L.LeafletMouseEvent) => {
        L.DomEvent.stopPropagation(e);
        this.onSelect({ kind: 'school', code: p.code });
      });
      tagOnAdd(m, { 'data-code': p.code, 'data-layer': 'schools' });
      this.schoolMarkers.set(p.code, m);
      m.addTo(g);
    }
  }

  /** Shows only the schools passing `show`, coloured by `fill`. */
  styleSchools(fill: (code: string) => string, show: (code: string) => boolean): void {
    const g = this.groups.get('schools')!;
    for (const [code, m] of this.schoolMarkers) {
      const on = show(code);
      if (on && !g.hasLayer(m)) m.addTo(g);
      if (!on && g.hasLayer(m)) g.removeLayer(m);
      m.setStyle({ fillColor: fill(code) });
    }
  }

  // ---- catchments ----

  setCatchments(fc: FeatureCollection<Geometry, CatchmentProps>): void {
    const g = this.clear('catchments');
    this.catchmentLayers.clear();
    L.geoJSON(fc, {
      pane: 'catchments',
      filter: (f) => !!f.geometry,
      style: () => ({ color: '#0f6b8f', weight: 1.4, fillColor: '#0f6b8f', fillOpacity: 0.06 }),
      onEachFeature: (f, layer) => {
        const p = f.properties as CatchmentProps;
        this.catchmentLayers.set(p.code, layer as L.Path);
        tagOnAdd(layer, { 'data-code': p.code, 'data-layer': 'catchments' });
        layer.on('click', (e: L.LeafletMouseEvent) => {
          L.DomEvent.stopPropagation(e);
          this.onSelect({ kind: 'catchment', code: p.code });
        });
      },
    }).addTo(g);
  }

  styleCatchments(stroke: (code: string) => string): void {
    for (const [code, layer] of this.catchmentLayers) {
      const c = stroke(code);
      layer.setStyle({ color: c, fillColor: c });
    }
  }

  // ---- districts ----

  setDistricts(fc: FeatureCollection<Geometry, DistrictProps>): void {
    const g = this.clear('districts');
    L.geoJSON(fc, {
      pane: 'districts',
      style: () => ({ color: '#c0392b', weight: 3, dashArray: '8 5', fill: false }),
      onEachFeature: (f, layer) => {
        const p = f.properties as DistrictProps;
        tagOnAdd(layer, { 'data-code': p.code, 'data-layer': 'districts' });
        layer.bindTooltip(esc(p.name), {
          permanent: true,
          direction: 'center',
          className: 'area-label label-district',
          interactive: false,
        });
        layer.on('click', (e: L.LeafletMouseEvent) => {
          L.DomEvent.stopPropagation(e);
          this.onSelect({ kind: 'district', code: p.code });
        });
      },
    }).addTo(g);
  }

  // ---- housing ----

  setHousing(fc: FeatureCollection<Geometry, HousingProps>, colourOf: (year: number) => string): void {
    const g = this.clear('housing');
    this.housingMarkers.clear();
    for (const f of fc.features) {
      if (!f.geometry || f.geometry.type !== 'Point') continue;
      const p = f.properties;
      const years = Object.keys(p.phasing ?? {})
        .map(Number)
        .filter(Number.isFinite);
      const year = years.length ? Math.max(...years) : NaN;
      const [lon, lat] = f.geometry.coordinates;
      const icon = L.divIcon({
        className: 'housing-icon',
        html: `<span class="housing-sq" style="--c:${esc(colourOf(year))}"></span>`,
        iconSize: [12, 12],
      });
      const m = L.marker([lat, lon], { pane: 'housing', icon, keyboard: false });
      const phasing = Object.entries(p.phasing ?? {})
        .map(([y, n]) => `${esc(y)}: ${esc(num(n))}`)
        .join(' · ');
      m.bindTooltip(`<b>${esc(p.name)}</b><br>${esc(num(p.households))} · ${phasing}`, {
        direction: 'top',
        offset: [0, -6],
        className: 'hover-label',
      });
      tagOnAdd(m, { 'data-code': p.code, 'data-layer': 'housing' });
      // Leaflet rebuilds the icon's class list when the layer is switched back on: re-apply "not yet delivered".
      m.on('add', () => m.getElement()?.classList.toggle('pending', !(year <= this.housingYear)));
      this.housingMarkers.set(p.code, { marker: m, year });
      m.addTo(g);
    }
  }

  /** Hollow squares for projects not completed by the year. */
  styleHousing(year: number): void {
    this.housingYear = year;
    for (const { marker, year: done } of this.housingMarkers.values()) {
      const el = marker.getElement();
      el?.classList.toggle('pending', !(done <= year));
    }
  }

  // ---- alerts ----

  setAlerts(features: AlertFeature[], onClick: (f: AlertFeature) => void): number {
    const g = this.clear('alerts');
    const polys = features
      .filter((f) => f.geometry && f.geometry.type !== 'Point')
      .sort((a, b) => (LEVEL_RANK[a.properties.level] ?? 0) - (LEVEL_RANK[b.properties.level] ?? 0));
    for (const f of polys) {
      const p = f.properties;
      const c = levelColour(p.level);
      const layer = L.geoJSON(f as Feature, {
        pane: 'alerts',
        // Outlines only: clicks inside fall through to the villages and schools below.
        style: () => ({
          color: c,
          weight: p.subjectType === 'district' ? 4 : 2.5,
          fill: false,
          dashArray: p.population === 'registered' ? '2 4' : undefined,
        }),
      });
      layer.eachLayer((l) => {
        tagOnAdd(l, { 'data-alert': String(p.id ?? ''), 'data-level': p.level, 'data-layer': 'alerts' });
        l.on('click', (e: L.LeafletMouseEvent) => {
          L.DomEvent.stopPropagation(e);
          onClick(f);
        });
      });
      layer.addTo(g);
    }
    return polys.length;
  }

  // ---- the consolidation plan of a run (and the compared run B) ----

  setPlans(plans: { fc: { features: PlanFeature[] }; colour: string; tag: string }[], schoolName: (code: string) => string): void {
    const g = this.clear('plan');
    for (const { fc, colour, tag } of plans) {
      for (const f of fc.features) {
        const p = f.properties ?? {};
        if (p.kind === 'transfer' && f.geometry?.type === 'LineString')
          this.addTransfer(g, f as Feature<LineString, Record<string, unknown>>, colour, tag, schoolName);
        else if (p.kind === 'closed_school' && f.geometry?.type === 'Point') {
          const [lon, lat] = f.geometry.coordinates;
          const code = String(p.code ?? p.schoolCode ?? '');
          const m = L.marker([lat, lon], {
            pane: 'planmarks',
            icon: L.divIcon({
              className: `plan-closed plan-${tag}`,
              html: `<span style="--c:${esc(colour)}">✕</span>`,
              iconSize: [20, 20],
            }),
            keyboard: false,
          });
          m.bindTooltip(esc(String(p.name ?? schoolName(code) ?? code)), { direction: 'top', className: 'hover-label' });
          tagOnAdd(m, { 'data-code': code, 'data-layer': 'plan' });
          m.on('click', () => code && this.onSelect({ kind: 'school', code }));
          m.addTo(g);
        }
      }
    }
  }

  private addTransfer(
    g: L.LayerGroup,
    f: Feature<LineString, Record<string, unknown>>,
    colour: string,
    tag: string,
    schoolName: (code: string) => string,
  ): void {
    const pts = f.geometry.coordinates.map(([lon, lat]) => L.latLng(lat, lon));
    if (pts.length < 2) return;
    const pupils = Number(f.properties.pupils ?? 0);
    // Closure moves solid, merges dashed, re-zoning dotted (world-layer.ts reasonDash, the legend draws the same).
    const reason = String(f.properties.reason ?? 'closure');
    const line = L.polyline(pts, {
      pane: 'plan',
      color: colour,
      weight: Math.max(1.5, Math.min(6, 1 + Math.sqrt(pupils) / 3)),
      opacity: 0.85,
      dashArray: reasonDash(reason),
      className: `plan-transfer plan-${tag} reason-${reason}`,
    });
    const to = String(f.properties.toSchool ?? '');
    const from = f.properties.fromSchool ? String(f.properties.fromSchool) : '';
    const unit = String(f.properties.unitName ?? f.properties.unitCode ?? '');
    const km = Number(f.properties.distanceKm);
    line.bindTooltip(
      `${esc(unit)}${from ? ` (${esc(schoolName(from))})` : ''} → ` +
        `${esc(schoolName(to))}<br>${esc(num(pupils))}${Number.isFinite(km) ? ` · ${esc(num(km, 1))} km` : ''}`,
      { sticky: true, className: 'hover-label' },
    );
    line.addTo(g);
    // Arrowhead and pupil label, placed along the last segment (the school end).
    const a = pts[pts.length - 2];
    const b = pts[pts.length - 1];
    const pa = this.map.project(a, 0);
    const pb = this.map.project(b, 0);
    const deg = (Math.atan2(pb.y - pa.y, pb.x - pa.x) * 180) / Math.PI;
    const at = (k: number) => L.latLng(a.lat + (b.lat - a.lat) * k, a.lng + (b.lng - a.lng) * k);
    L.marker(at(0.78), {
      pane: 'plan',
      interactive: false,
      keyboard: false,
      icon: L.divIcon({
        className: 'plan-arrow',
        html: `<span style="--c:${esc(colour)};transform:rotate(${deg.toFixed(1)}deg)"></span>`,
        iconSize: [14, 14],
      }),
    }).addTo(g);
    L.marker(at(0.45), {
      pane: 'planmarks',
      interactive: false,
      keyboard: false,
      icon: L.divIcon({
        className: `plan-label${pupils >= 100 ? ' big' : ''}`,
        html: `<span style="--c:${esc(colour)}">${esc(num(pupils))}</span>`,
        iconSize: [0, 0],
      }),
    }).addTo(g);
  }

  // ---- focus and highlight ----

  focus(g: Geometry | null, minZoom = 13): void {
    const b = bboxOf(g);
    if (!b) return;
    if (b[0] === b[2] && b[1] === b[3]) this.map.setView([b[1], b[0]], Math.max(this.map.getZoom(), minZoom));
    else
      this.map.fitBounds(
        [
          [b[1], b[0]],
          [b[3], b[2]],
        ],
        { padding: [90, 90], maxZoom: 13 },
      );
  }

  showHighlight(g: Geometry | null): void {
    this.highlight.clearLayers();
    if (!g) return;
    if (g.type === 'Point') {
      const [lon, lat] = g.coordinates;
      L.circleMarker([lat, lon], {
        pane: 'highlight',
        radius: 16,
        color: '#00c2ff',
        weight: 3,
        fill: false,
        interactive: false,
        className: 'hl-pulse',
      }).addTo(this.highlight);
    } else {
      L.geoJSON(g, {
        pane: 'highlight',
        interactive: false,
        style: () => ({ color: '#00c2ff', weight: 4, fill: false, className: 'hl-pulse' }),
      }).addTo(this.highlight);
    }
  }

  schoolPoint(code: string): Geometry | null {
    const m = this.schoolMarkers.get(code);
    if (!m) return null;
    const ll = m.getLatLng();
    return { type: 'Point', coordinates: [ll.lng, ll.lat] };
  }

  /** After the panels change the map's width: keep what is on screen in place, and the selection in view. */
  invalidate(keepInView: Geometry | null = null): void {
    this.map.invalidateSize({ pan: false });
    if (keepInView?.type === 'Point')
      this.map.panInside(L.latLng(keepInView.coordinates[1], keepInView.coordinates[0]), { padding: [40, 40] });
  }
}
