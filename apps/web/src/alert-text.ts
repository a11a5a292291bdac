import type { Alert } from './api';
import { lang } from './i18n';

/**
 * An alert's text in the page's language with its subject's code replaced by a name: the engine names schools and
 * districts, but a catchment (施教区) or an area alert starts with the raw code ("339901P001-primary施教区…").
 * @example alertText(a, (c) => names.get(c)) // "柯城区春园小学施教区小学红色预警：…"
 */
export function alertText(
  a: Pick<Alert, 'message' | 'subjectType' | 'subjectCode' | 'details'>,
  nameOf: (code: string) => string | undefined,
): string {
  const text = (lang() === 'zh' ? a.message?.zh : a.message?.en) ?? '';
  const code = a.subjectCode;
  if (!code || !text.includes(code)) return text;
  let name: string | undefined;
  if (a.subjectType === 'catchment') {
    const names = (a.details?.schools ?? []).map((s) => nameOf(s) ?? s);
    if (names.length)
      name =
        names.length > 2
          ? `${names.slice(0, 2).join(lang() === 'zh' ? '、' : ', ')}` +
            `${lang() === 'zh' ? `等${names.length}校` : ` and ${names.length - 2} more`}`
          : names.join(lang() === 'zh' ? '、' : ', ');
  } else name = nameOf(code);
  return name && name !== code ? text.split(code).join(name) : text;
}
