/**
 * Default speeds per road class, km/h. The Chinese administrative classes (国道/省道/县道/乡道/村道) take the design
 * speed of the technical grade such roads are usually built to, from JTG B01-2014 《公路工程技术标准》 (Technical
 * Standard of Highway Engineering), section 3.5 design speed: 高速公路 120/100/80, 一级 100/80/60, 二级 80/60,
 * 三级 40/30, 四级 30/20 km/h. 国道 are mostly grade I-II (70, between the grade II values), 省道 grade II (60),
 * 县道 grade III (40), 乡道 grade IV (30), 村道 grade IV single lane (20); 高速 takes 100. OSM `highway` values map onto
 * the same grades. docs/roads.md has the table; every default can be overridden per class, and a feature's own
 * `speed_kmh` always wins.
 */
export const DEFAULT_SPEED_KMH: Readonly<Record<string, number>> = Object.freeze({
  高速: 100,
  国道: 70,
  省道: 60,
  县道: 40,
  乡道: 30,
  村道: 20,
  motorway: 100,
  trunk: 70,
  primary: 60,
  secondary: 50,
  tertiary: 40,
  unclassified: 30,
  residential: 25,
  service: 15,
  track: 15,
  ferry: 10,
});

/** Class words accepted on import, with the canonical class they mean. */
export const ROAD_CLASS_WORDS: Readonly<Record<string, string>> = Object.freeze({
  高速: '高速',
  高速公路: '高速',
  国道: '国道',
  省道: '省道',
  县道: '县道',
  乡道: '乡道',
  村道: '村道',
  motorway: 'motorway',
  motorway_link: 'motorway',
  trunk: 'trunk',
  trunk_link: 'trunk',
  primary: 'primary',
  primary_link: 'primary',
  secondary: 'secondary',
  secondary_link: 'secondary',
  tertiary: 'tertiary',
  tertiary_link: 'tertiary',
  unclassified: 'unclassified',
  residential: 'residential',
  living_street: 'residential',
  service: 'service',
  track: 'track',
  ferry: 'ferry',
});

/**
 * The speed a road of a class is driven at: the feature's own speed, else the override for its class, else the default.
 * @example speedFor('县道', null) // 40
 * @example speedFor('县道', null, { 县道: 35 }) // 35
 */
export function speedFor(roadClass: string, ownSpeedKmh: number | null, overrides: Readonly<Record<string, number>> = {}): number {
  if (ownSpeedKmh !== null && ownSpeedKmh > 0) return ownSpeedKmh;
  return overrides[roadClass] ?? DEFAULT_SPEED_KMH[roadClass] ?? DEFAULT_SPEED_KMH.unclassified;
}
