// An HTML page where a platform's API answer was expected is a firewall or an error page talking, not the
// platform's data: it is told apart from a malformed answer (an issue `blocked` with the page's title, not a
// parse failure). cheerio reads the title, however the page is written.
import { load } from 'cheerio';
import type { HttpResponse } from './http.js';

export function looksLikeHtml(response: Pick<HttpResponse, 'headers' | 'body'>): boolean {
  if (/text\/html/i.test(response.headers['content-type'] ?? '')) return true;
  return /^\s*(<!doctype html|<html|<head|<body)/i.test(response.body.slice(0, 512));
}

/** The page's title, trimmed and short; the first heading when there is no title; null when neither. */
export function htmlTitle(body: string): string | null {
  try {
    const page = load(body.slice(0, 64 * 1024));
    const text = (page('title').first().text() || page('h1').first().text()).replace(/\s+/g, ' ').trim();
    return text === '' ? null : text.slice(0, 120);
  } catch {
    return null;
  }
}
