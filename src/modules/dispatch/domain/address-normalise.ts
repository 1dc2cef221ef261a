// Normalisation of place names and typed addresses for the gazetteer: what a call taker types
// ("经三路", "JING 3 RD", "Jing 3 Road") must meet what the sources store ("经3路", "Jing 3 Road").

const CN_DIGITS: Record<string, number> = {
  零: 0,
  〇: 0,
  一: 1,
  二: 2,
  两: 2,
  三: 3,
  四: 4,
  五: 5,
  六: 6,
  七: 7,
  八: 8,
  九: 9,
};

/** Chinese numerals below 1000 ("三", "十二", "二十", "一百零五") as an integer, or null. */
function chineseNumber(s: string): number | null {
  let total = 0;
  let digit = 0;
  for (const ch of s) {
    if (ch in CN_DIGITS) digit = CN_DIGITS[ch]!;
    else if (ch === '十') {
      total += (digit || 1) * 10;
      digit = 0;
    } else if (ch === '百') {
      total += (digit || 1) * 100;
      digit = 0;
    } else return null;
  }
  return total + digit;
}

// English road-type words, canonicalised (Street and St mean the same road).
const TYPE_WORDS: Record<string, string> = {
  street: 'st',
  st: 'st',
  road: 'rd',
  rd: 'rd',
  avenue: 'ave',
  ave: 'ave',
  av: 'ave',
  boulevard: 'blvd',
  blvd: 'blvd',
  bd: 'blvd',
  lane: 'ln',
  ln: 'ln',
  drive: 'dr',
  dr: 'dr',
  way: 'way',
  highway: 'hwy',
  hwy: 'hwy',
  place: 'pl',
  pl: 'pl',
  square: 'sq',
  sq: 'sq',
  court: 'ct',
  ct: 'ct',
  terrace: 'ter',
  ter: 'ter',
};
// Chinese road and area suffixes, longest first so 大道 is taken before 道.
const CJK_SUFFIXES = [
  '大道',
  '大街',
  '街道',
  '社区',
  '胡同',
  '路',
  '街',
  '道',
  '巷',
  '弄',
  '里',
  '区',
  '县',
  '镇',
  '乡',
  '村',
];

/** Lower case, half width (NFKC), digits for Chinese numerals, punctuation as spaces, single spaces. */
export function canonical(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[零〇一二两三四五六七八九十百]+/g, (m) => {
      const n = chineseNumber(m);
      return n === null ? m : String(n);
    })
    .replace(/[\p{P}\p{S}]+/gu, ' ')
    .split(/\s+/)
    .filter(Boolean)
    .map((w) => TYPE_WORDS[w] ?? w)
    .join(' ');
}

/** The matching key: canonical text without a trailing road type word or Chinese suffix. */
export function matchKey(text: string): string {
  let s = canonical(text);
  const words = s.split(' ');
  const last = words[words.length - 1]!;
  if (words.length > 1 && Object.values(TYPE_WORDS).includes(last)) s = words.slice(0, -1).join(' ');
  for (const suffix of CJK_SUFFIXES) {
    if (s.length > suffix.length && s.endsWith(suffix)) {
      s = s.slice(0, -suffix.length).trimEnd();
      break;
    }
  }
  return s;
}

const CJK = /[\u3400-\u9fff]/;

/** Tokens for overlap scoring: Latin words and digit runs, and character bigrams of CJK runs. */
export function tokens(text: string): Set<string> {
  const out = new Set<string>();
  for (const word of canonical(text).split(' ')) {
    if (!word) continue;
    if (!CJK.test(word)) {
      out.add(word);
      continue;
    }
    // Split mixed runs ("经3") into CJK and other parts, then bigram the CJK parts.
    for (const part of word.match(/[\u3400-\u9fff]+|[^\u3400-\u9fff]+/g) ?? []) {
      if (!CJK.test(part)) out.add(part);
      else if (part.length === 1) out.add(part);
      else for (let i = 0; i + 1 < part.length; i++) out.add(part.slice(i, i + 2));
    }
  }
  return out;
}

// Words between two road names that ask for their crossing, tried in turn ("和" last: it also
// starts names such as 和平路).
const CROSSINGS = [/\s*&\s*/, /\s*\/\s*/, /\s+at\s+/i, /\s+and\s+/i, /\s*与\s*/, /\s*和\s*/];
const CROSSING_TAIL = /(交叉口|交汇处|十字路口|路口)$/;

/** The two road names of an intersection query ("经3路与纬5路交叉口", "Jing 3 Rd & Wei 5 Rd"), or null. */
export function splitIntersection(text: string): [string, string] | null {
  const trimmed = text.normalize('NFKC').trim().replace(CROSSING_TAIL, '');
  for (const sep of CROSSINGS) {
    const parts = trimmed.split(sep).map((p) => p.trim());
    if (parts.length === 2 && parts[0] && parts[1]) return [parts[0], parts[1]];
  }
  return null;
}
