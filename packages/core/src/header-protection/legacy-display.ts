import { collectContent, type MimePart } from '@siegel/mime'
import { comparable, fieldValues } from './protected-section.js'
import type { LegacyDisplay } from './types.js'

/**
 * The Legacy Display Elements of a protected section (RFC 9788 §4.5), and the legacy display
 * part of the drafts, each removed only if every line of it repeats a protected header field of
 * `section` exactly. A line that does not (an altered Subject, text an attacker put there)
 * keeps the whole element in the text: hiding it could hide what the attacker wrote.
 */
export function findLegacyDisplay(section: MimePart, draft: boolean): LegacyDisplay[] {
  const found: LegacyDisplay[] = []
  for (const part of collectContent(section).bodyParts) {
    // RFC 9788 §4.5: only a part that says it carries one, nothing else.
    if (part.contentType.parameters['hp-legacy-display'] !== '1') continue
    const text = part.text ?? ''
    const split = part.contentType.mediaType === 'text/html' ? splitHtml(text) : splitPlain(text)
    if (!split) continue
    found.push(judge('rfc9788', part, split.element, split.lines, split.rest, text, section))
  }
  // The drafts: a part of its own, first in a multipart/mixed payload, marked
  // protected-headers="v1" (text/plain, or text/rfc822-headers in older drafts).
  const first = draft ? section.children[0] : undefined
  if (
    first &&
    section.contentType.mediaType === 'multipart/mixed' &&
    /^text\/(plain|rfc822-headers)$/.test(first.contentType.mediaType) &&
    first.contentType.parameters['protected-headers']?.toLowerCase() === 'v1'
  ) {
    const text = first.text ?? ''
    const lines = unfold(text.split(/\r?\n/)).filter((l) => l.trim() !== '')
    found.push(judge('draft', first, text, lines, '', text, section))
  }
  return found
}

function judge(
  form: LegacyDisplay['form'],
  part: MimePart,
  element: string,
  lines: string[],
  rest: string,
  text: string,
  section: MimePart,
): LegacyDisplay {
  const mismatched = lines.filter((line) => !repeatsField(line, section))
  const removed = lines.length > 0 && mismatched.length === 0
  return { form, part, element, removed, text: removed ? rest : text, mismatched }
}

// RFC 5322 §2.2: a field name is printable US-ASCII except the colon.
const FIELD_LINE = /^([!-9;-~]+):[ \t]*(.*)$/

function repeatsField(line: string, section: MimePart): boolean {
  const match = FIELD_LINE.exec(line)
  if (!match) return false
  const name = match[1]!.toLowerCase()
  if (name.startsWith('content-') || name === 'mime-version' || name === 'hp-outer') return false
  return fieldValues(section.headers, name).includes(comparable(match[2]!))
}

/** Joins folded continuation lines (RFC 5322 §2.2.3) to the line they continue. */
function unfold(lines: readonly string[]): string[] {
  const out: string[] = []
  for (const line of lines) {
    if (/^[ \t]/.test(line) && out.length > 0 && line.trim() !== '') out[out.length - 1] += line
    else out.push(line)
  }
  return out
}

interface Split {
  element: string
  lines: string[]
  rest: string
}

// RFC 9788 §4.5: in text/plain, the element is every line before the first blank line, and
// that blank line.
function splitPlain(text: string): Split | undefined {
  const blank = /\r?\n\r?\n/.exec(text)
  const start = text.startsWith('\r\n') || text.startsWith('\n')
  if (!blank || start) return undefined
  const element = text.slice(0, blank.index + blank[0].length)
  const lines = unfold(text.slice(0, blank.index).split(/\r?\n/))
  return { element, lines, rest: text.slice(element.length) }
}

// RFC 9788 §4.5: in text/html, the element is the first element of the body, a
// <div class="header-protection-legacy-display">; one that holds another div is not one.
const HTML_ELEMENT =
  /<div\s+class\s*=\s*(["'])header-protection-legacy-display\1\s*>((?:(?!<div[\s>])[\s\S])*?)<\/div\s*>/i
const BEFORE_BODY =
  /^\s*(?:<!doctype[^>]*>\s*)?(?:<html[^>]*>\s*)?(?:<head[^>]*>[\s\S]*?<\/head\s*>\s*)?(?:<body[^>]*>\s*)?$/i

// The element opens the body: what lies further in than this is no composer's Legacy Display
// Element, and the regular expressions above never scan more than this of a large part.
const MAX_HTML_ELEMENT_OFFSET = 64 * 1024

function splitHtml(text: string): Split | undefined {
  const match = HTML_ELEMENT.exec(text.slice(0, MAX_HTML_ELEMENT_OFFSET))
  if (!match || !BEFORE_BODY.test(text.slice(0, match.index))) return undefined
  const inner = match[2]!
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<[^>]*>/g, '')
    .replace(/&(lt|gt|quot|#39|apos|amp);/g, (_, e: string) => HTML_ENTITIES[e]!)
  const lines = unfold(inner.split(/\r?\n/)).filter((l) => l.trim() !== '')
  const end = match.index + match[0].length
  return {
    element: match[0],
    lines: lines.map((l) => l.trim()),
    rest: text.slice(0, match.index) + text.slice(end),
  }
}

const HTML_ENTITIES: Record<string, string> = {
  lt: '<',
  gt: '>',
  quot: '"',
  '#39': "'",
  apos: "'",
  amp: '&',
}
