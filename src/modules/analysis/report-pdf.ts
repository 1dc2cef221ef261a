// The situation report as a PDF (pdfkit): the same figures as the HTML page, with the charts and
// the hotspot map drawn as vectors. Chinese needs a CJK font on the machine (WenQuanYi Micro Hei,
// Debian fonts-wqy-microhei); without it the report falls back to English labels in Helvetica
// and says so through `warn`.
import { existsSync } from 'node:fs';
import PDFDocument from 'pdfkit';
import type { Database } from '../../core/db/database.ts';
import type { Actor } from '../../core/identity/actor.ts';
import { hexFill, situationReportData } from './report.service.ts';
import {
  changeText,
  mapProjection,
  REPORT_LABELS,
  type ReportData,
  type ReportRequest,
} from './report-model.ts';

/** Where Debian's fonts-wqy-microhei puts its collection. */
export const DEFAULT_CJK_FONT = '/usr/share/fonts/truetype/wqy/wqy-microhei.ttc';

/** Rendering options of the PDF. */
export interface ReportPdfOptions {
  /** A TrueType font (or collection) with CJK glyphs; default DEFAULT_CJK_FONT. */
  cjkFontPath?: string;
  /** Told when the CJK font is missing and the report falls back to Latin-only. */
  warn?: (message: string) => void;
}

type Doc = PDFKit.PDFDocument;

const PAGE = { width: 595.28, height: 841.89, margin: 40 };
const CONTENT_W = PAGE.width - 2 * PAGE.margin;
const BOTTOM = PAGE.height - PAGE.margin - 16;
const BAR = '#3b6ea8';

/** Characters Helvetica (WinAnsi) cannot show become '?'. */
function latinOnly(s: string): string {
  return s.replace(/[^\u0020-\u007e\u00a0-\u00ff–—•·]/g, '?');
}

function drawBars(
  doc: Doc,
  text: (s: string) => string,
  x: number,
  y: number,
  w: number,
  h: number,
  values: number[],
  labels: string[],
): void {
  const max = Math.max(1, ...values);
  const plotH = h - 14;
  const bw = w / Math.max(1, values.length);
  doc.save().lineWidth(0.5).strokeColor('#999999');
  doc
    .moveTo(x, y + plotH)
    .lineTo(x + w, y + plotH)
    .stroke();
  doc.restore();
  values.forEach((v, i) => {
    const bh = (v / max) * (plotH - 10);
    if (bh > 0) doc.rect(x + i * bw + 0.5, y + plotH - bh, Math.max(0.5, bw - 1), bh).fill(BAR);
  });
  doc.fillColor('#333333').fontSize(7);
  doc.text(text(String(max)), x, y - 2, { lineBreak: false });
  const step = Math.ceil(values.length / 8);
  labels.forEach((l, i) => {
    if (i % step === 0) doc.text(text(l), x + i * bw, y + plotH + 3, { lineBreak: false });
  });
  doc.fillColor('black');
}

function drawMap(doc: Doc, d: ReportData, x: number, y: number, w: number, h: number): void {
  doc.save().lineWidth(0.5).strokeColor('#cccccc').rect(x, y, w, h).stroke().restore();
  const project = mapProjection(d.hexes, w - 10, h - 10);
  if (!project) return;
  doc.save().lineWidth(0.2).strokeColor('#ffffff');
  for (const hex of d.hexes) {
    const pts = hex.ring.slice(0, -1).map((p) => {
      const [px, py] = project(p[0]!, p[1]!);
      return [x + 5 + px, y + 5 + py];
    });
    doc.polygon(...pts).fillAndStroke(hexFill(hex.kind), '#ffffff');
  }
  doc.restore();
  // The ten top hotspots are numbered on the map as in the list below it.
  doc.fontSize(7).fillColor('black');
  d.top.forEach((t, i) => {
    const [px, py] = project(t.lon, t.lat);
    doc.text(String(i + 1), x + 5 + px - 2, y + 5 + py - 3, { lineBreak: false });
  });
}

type Column = { label: string; width: number; align?: 'left' | 'right' };

function drawTable(
  doc: Doc,
  text: (s: string) => string,
  y: number,
  cols: Column[],
  rows: string[][],
): number {
  const rowH = 14;
  const line = (cells: string[], yy: number) => {
    let x = PAGE.margin;
    cells.forEach((c, i) => {
      const col = cols[i]!;
      doc.text(text(c), x + 2, yy + 3, {
        width: col.width - 4,
        align: col.align ?? (i === 0 ? 'left' : 'right'),
        lineBreak: false,
        height: rowH,
      });
      x += col.width;
    });
    doc
      .save()
      .lineWidth(0.3)
      .strokeColor('#cccccc')
      .moveTo(PAGE.margin, yy + rowH)
      .lineTo(PAGE.margin + cols.reduce((s, c) => s + c.width, 0), yy + rowH)
      .stroke()
      .restore();
  };
  doc.fontSize(9).fillColor('#555555');
  line(
    cols.map((c) => c.label),
    y,
  );
  doc.fillColor('black');
  let yy = y + rowH;
  for (const r of rows) {
    if (yy + rowH > BOTTOM) {
      doc.addPage();
      yy = PAGE.margin;
    }
    line(r, yy);
    yy += rowH;
  }
  return yy;
}

/** Starts a section: a heading, on a new page when `need` points do not fit. */
function section(doc: Doc, text: (s: string) => string, title: string, y: number, need: number): number {
  let yy = y;
  if (yy + need > BOTTOM) {
    doc.addPage();
    yy = PAGE.margin;
  }
  doc.fontSize(13).fillColor('black').text(text(title), PAGE.margin, yy, { lineBreak: false });
  return yy + 20;
}

/** Renders gathered report figures as a PDF document (A4, vector charts and map). */
export async function renderReportPdf(d: ReportData, options: ReportPdfOptions = {}): Promise<Buffer> {
  const fontPath = options.cjkFontPath ?? DEFAULT_CJK_FONT;
  const cjk = existsSync(fontPath);
  if (!cjk)
    options.warn?.(`CJK font ${fontPath} not found: the PDF report falls back to English, Latin-only text`);
  const lang = cjk ? d.lang : 'en';
  const t = REPORT_LABELS[lang];
  const text = cjk ? (s: string) => s : latinOnly;
  const title = t.title[d.request.period];
  const doc = new PDFDocument({
    size: 'A4',
    margin: PAGE.margin,
    bufferPages: true,
    lang,
    info: { Title: text(title), Creator: 'Haven', CreationDate: d.generatedAt },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  if (cjk) {
    doc.registerFont('body', fontPath, 'WenQuanYiMicroHei');
    doc.font('body');
  } else doc.font('Helvetica');
  const p = d.period;
  const m = PAGE.margin;
  doc.fontSize(20).text(text(title), m, m);
  doc
    .fontSize(9)
    .fillColor('#444444')
    .text(
      text(
        `${t.period}: ${p.from} – ${p.to} · ${t.scope}: ${d.jurisdictionLabel ?? t.all} · ${t.generated}: ${d.generatedAt.toISOString().slice(0, 16).replace('T', ' ')} UTC`,
      ),
      m,
      m + 28,
      { width: CONTENT_W },
    );
  const figures: [string, string][] = [
    [String(d.total), t.total],
    [String(d.previousTotal), `${t.previous} (${p.prevFrom} – ${p.prevTo})`],
    [changeText(d.total, d.previousTotal), t.change],
  ];
  const fw = CONTENT_W / 3;
  figures.forEach(([big, label], i) => {
    doc
      .fillColor('black')
      .fontSize(24)
      .text(text(big), m + i * fw, m + 52, { lineBreak: false });
    doc
      .fontSize(9)
      .fillColor('#444444')
      .text(text(label), m + i * fw, m + 82, { width: fw - 8 });
  });
  let y = section(doc, text, t.types, m + 110, 60);
  y = drawTable(
    doc,
    text,
    y,
    [
      { label: t.type, width: 215 },
      { label: t.total, width: 100 },
      { label: t.previous, width: 100 },
      { label: t.change, width: 100 },
    ],
    d.types.map((x) => [x.key, String(x.count), String(x.previous), changeText(x.count, x.previous)]),
  );
  y = section(doc, text, t.daily, y + 14, 150);
  drawBars(
    doc,
    text,
    m,
    y,
    CONTENT_W,
    130,
    d.daily.map((x) => x.count),
    d.daily.map((x) => x.date.slice(5)),
  );
  y = section(doc, text, t.hours, y + 144, 150);
  drawBars(
    doc,
    text,
    m,
    y,
    CONTENT_W,
    130,
    d.hours,
    d.hours.map((_, h) => String(h)),
  );
  y = section(doc, text, t.map, y + 144, 350);
  drawMap(doc, d, m, y, CONTENT_W, 320);
  y = section(doc, text, t.top, y + 334, 60);
  if (d.top.length === 0) doc.fontSize(10).text(text(t.none), m, y);
  else
    drawTable(
      doc,
      text,
      y,
      [
        { label: '#', width: 25 },
        { label: t.cell, width: 140 },
        { label: t.location, width: 170 },
        { label: t.count, width: 80 },
        { label: t.z, width: 100 },
      ],
      d.top.map((h, i) => [
        String(i + 1),
        h.cell,
        `${h.lat.toFixed(4)}, ${h.lon.toFixed(4)}`,
        String(h.count),
        h.z.toFixed(2),
      ]),
    );
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    doc.page.margins.bottom = 0;
    doc
      .fontSize(8)
      .fillColor('#777777')
      .text(`${i + 1} / ${range.count}`, m, PAGE.height - m + 10, {
        width: CONTENT_W,
        align: 'right',
        lineBreak: false,
      });
  }
  doc.end();
  return done;
}

/** Builds the report as a PDF (scoped to the actor by the statistics it uses). */
export async function situationReportPdf(
  database: Database,
  actor: Actor,
  req: ReportRequest,
  now: Date,
  options: ReportPdfOptions = {},
): Promise<Buffer> {
  return renderReportPdf(await situationReportData(database, actor, req, now), options);
}
