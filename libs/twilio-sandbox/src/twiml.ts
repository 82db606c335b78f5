import { XMLParser } from 'fast-xml-parser';

/** One TwiML element: a verb (<Say>) or noun (<Client>), its attributes, text and children in order. */
export interface TwimlNode {
  name: string;
  attrs: Record<string, string>;
  text: string;
  children: TwimlNode[];
}

export class TwimlParseError extends Error {}

const parser = new XMLParser({
  preserveOrder: true, // verb order is the program
  ignoreAttributes: false,
  attributeNamePrefix: '',
  parseTagValue: false, // "0123" digits stay strings
  parseAttributeValue: false,
  trimValues: true,
  processEntities: true,
});

type Raw = Record<string, unknown>;

function toNode(raw: Raw): TwimlNode | null {
  const name = Object.keys(raw).find((k) => k !== ':@');
  if (!name || name === '#text' || name.startsWith('?')) return null;
  const attrs = (raw[':@'] as Record<string, string> | undefined) ?? {};
  const kids = (raw[name] as Raw[]) ?? [];
  const children: TwimlNode[] = [];
  let text = '';
  for (const k of kids) {
    if ('#text' in k) text += String(k['#text']);
    else {
      const child = toNode(k);
      if (child) children.push(child);
    }
  }
  return { name, attrs: { ...attrs }, text: text.trim(), children };
}

/**
 * Parses a TwiML document and returns the verbs inside <Response>. A document that is not XML or
 * whose root is not <Response> is what Twilio reports as error 12100 "Document parse failure".
 */
export function parseTwiml(xml: string): TwimlNode[] {
  const trimmed = xml.trim();
  if (!trimmed.startsWith('<')) throw new TwimlParseError('TwiML is not XML');
  let raw: Raw[];
  try {
    raw = parser.parse(trimmed) as Raw[];
  } catch (e) {
    throw new TwimlParseError(`TwiML parse error: ${(e as Error).message}`);
  }
  const roots = raw.map(toNode).filter((n): n is TwimlNode => n !== null);
  if (roots.length !== 1 || roots[0].name !== 'Response') {
    throw new TwimlParseError('TwiML root element must be <Response>');
  }
  return roots[0].children;
}
