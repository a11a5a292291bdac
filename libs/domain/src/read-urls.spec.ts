import { alertsGeojsonUrl, figuresUrl, layerPageUrl, projectionsUrl, queryString } from './read-urls';

describe('read URLs', () => {
  it('spell the parameters in the order given, leaving out the undefined and empty ones', () => {
    expect(queryString({ a: 'x y', b: undefined, c: '', d: 0, e: null })).toBe('?a=x+y&d=0');
    expect(queryString({})).toBe('');
    expect(layerPageUrl('toy', 3, 'areas', { level: 'county' }, 5000)).toBe(
      '/layers/areas?dataset=toy&version=3&level=county&limit=5000&offset=5000',
    );
  });

  it('ask for intervals except for the whole city unit list', () => {
    expect(projectionsUrl('toy', undefined, { level: 'unit', year: 2025 })).toBe('/projections?dataset=toy&level=unit&year=2025');
    expect(projectionsUrl('toy', undefined, { level: 'city' })).toBe('/projections?dataset=toy&level=city&intervals=true');
    expect(projectionsUrl('toy', undefined, { level: 'unit', code: 'U1' })).toBe(
      '/projections?dataset=toy&level=unit&code=U1&intervals=true',
    );
  });

  it('name the dataset for the latest evaluation, not for a run', () => {
    expect(figuresUrl('toy', { subjectType: 'school', year: 2025 }, null)).toBe('/figures?dataset=toy&subjectType=school&year=2025');
    expect(figuresUrl('toy', { subjectType: 'school' }, 7)).toBe('/runs/7/figures?subjectType=school');
    expect(alertsGeojsonUrl('toy', { population: 'resident' })).toBe('/alerts.geojson?dataset=toy&population=resident&limit=5000');
  });
});
