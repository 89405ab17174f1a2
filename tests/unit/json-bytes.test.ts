// Answers joined as bytes from encoded pieces must be the bytes of JSON.stringify of the whole.
import { describe, expect, it } from 'vitest';
import { encodedJson, jsonBytes } from '../../src/aggregator/read/json-bytes.js';

describe('jsonBytes', () => {
  it('joins lists with commas between the text pieces, as JSON.stringify writes them', () => {
    const values = [{ a: 1 }, { b: 'é’"' }, { c: [null, true] }];
    const body = jsonBytes(['{"x":[', { list: values.map(encodedJson) }, '],"y":[', { list: [] }, ']}']);
    expect(body.toString()).toBe(JSON.stringify({ x: values, y: [] }));
  });

  it('writes a list of one without a comma, and an empty answer as nothing', () => {
    expect(jsonBytes(['[', { list: [encodedJson('ü')] }, ']']).toString()).toBe('["ü"]');
    expect(jsonBytes([]).length).toBe(0);
  });
});
