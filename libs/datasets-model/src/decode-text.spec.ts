import * as iconv from 'iconv-lite';
import { decodeText } from './decode-text';

const TEXT = '学校代码,学校名称,学段\nS001,衢州市实验小学,九年一贯制\n';

describe('decodeText', () => {
  it('decodes UTF-8 and reports it', () => {
    expect(decodeText(Buffer.from(TEXT, 'utf8'))).toEqual({ text: TEXT, encoding: 'utf-8' });
  });

  it('strips a UTF-8 BOM', () => {
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(TEXT, 'utf8')]);
    const res = decodeText(bytes);
    expect(res).toEqual({ text: TEXT, encoding: 'utf-8' });
    expect(res.text.charCodeAt(0)).toBe('学'.charCodeAt(0));
  });

  it('decodes GBK bytes to the same Chinese text and reports gb18030', () => {
    const gbk = iconv.encode(TEXT, 'gbk');
    expect(gbk.equals(Buffer.from(TEXT, 'utf8'))).toBe(false);
    expect(decodeText(gbk)).toEqual({ text: TEXT, encoding: 'gb18030' });
  });

  it('decodes GB18030-only characters (outside GBK)', () => {
    const text = '𠀀学校'; // U+20000 needs a GB18030 four-byte sequence
    expect(decodeText(iconv.encode(text, 'gb18030'))).toEqual({ text, encoding: 'gb18030' });
  });

  it('treats pure ASCII as UTF-8', () => {
    expect(decodeText(Buffer.from('code,name\n'))).toEqual({ text: 'code,name\n', encoding: 'utf-8' });
  });

  it('decodes an empty buffer as empty UTF-8', () => {
    expect(decodeText(Buffer.alloc(0))).toEqual({ text: '', encoding: 'utf-8' });
  });

  it('only strips a BOM at the start', () => {
    expect(decodeText(Buffer.from('a\ufeffb', 'utf8')).text).toBe('a\ufeffb');
  });
});
