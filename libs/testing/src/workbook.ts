import ExcelJS from 'exceljs';

/**
 * Reads an XLSX file's bytes (an export's body) into an ExcelJS workbook. exceljs declares `xlsx.load` with a
 * `Buffer` of its own that is an ArrayBuffer, which Node's Buffer does not match; the bytes are copied into one.
 * @example (await loadWorkbook(await toWorkbook(sheets, 'zh'))).worksheets.map((w) => w.name) // ['学校']
 */
export async function loadWorkbook(bytes: Uint8Array): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(new Uint8Array(bytes).buffer);
  return wb;
}
