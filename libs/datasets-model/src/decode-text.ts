import * as iconv from 'iconv-lite';

/**
 * Decodes a text file that is UTF-8 (with or without BOM) or, failing strict UTF-8, GB18030 (a superset of GBK,
 * which Chinese government spreadsheets are often saved in).
 * @example decodeText(iconv.encode('学校名称', 'gbk')).text // '学校名称'
 */
export function decodeText(bytes: Buffer): { text: string; encoding: 'utf-8' | 'gb18030' } {
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return { text: text.charCodeAt(0) === 0xfeff ? text.slice(1) : text, encoding: 'utf-8' };
  } catch {
    return { text: iconv.decode(bytes, 'gb18030'), encoding: 'gb18030' };
  }
}
