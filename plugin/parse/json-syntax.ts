// Strict JSON syntax for `.json` files. The YAML parser reads JSON too, but forgives what JSON does not
// (trailing commas, comments, unquoted words), and `JSON.parse` does not always say where it failed.
// This checker finds the first syntax error and its offset, iteratively (no recursion, so no depth limit).

export interface JsonSyntaxError {
  offset: number;
  message: string;
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const LITERAL = /true|false|null/y;

function shown(c: string | undefined): string {
  if (c === undefined) return 'the end of the text';
  if (c === '\n' || c === '\r') return 'a line break';
  return `\`${c}\``;
}

export function jsonSyntaxError(text: string): JsonSyntaxError | undefined {
  const n = text.length;
  const stack: string[] = [];
  let i = 0;
  // value: a value must come; first*: just after `[` / `{`, where the closing bracket may come instead;
  // key: a member name must come (after `,` in an object); after: a value just ended.
  let state: 'value' | 'firstValue' | 'firstKey' | 'key' | 'after' = 'value';
  const fail = (message: string, at = i): JsonSyntaxError => ({ offset: at, message });
  const skipBlanks = () => {
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c !== 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) break;
      i++;
    }
  };
  const string = (): JsonSyntaxError | undefined => {
    const start = i;
    i++;
    while (i < n) {
      const c = text[i]!;
      if (c === '"') {
        i++;
        return undefined;
      }
      if (c === '\\') {
        const e = text[i + 1];
        if (e === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6)))
            return fail('`\\u` must be followed by four hex digits');
          i += 6;
          continue;
        }
        if (e === undefined || !'"\\/bfnrt'.includes(e)) return fail(`\`\\${e ?? ''}\` is not a JSON escape`);
        i += 2;
        continue;
      }
      if (text.charCodeAt(i) < 0x20)
        return fail('a line break or control character inside a string (write it as an escape such as `\\n`)');
      i++;
    }
    return fail('this string is never closed with `"`', start);
  };

  for (;;) {
    skipBlanks();
    const c = text[i];
    if (state === 'firstValue' && c === ']') {
      stack.pop();
      i++;
      state = 'after';
      continue;
    }
    if (state === 'firstKey' && c === '}') {
      stack.pop();
      i++;
      state = 'after';
      continue;
    }
    if (state === 'value' || state === 'firstValue') {
      if (c === '{') {
        stack.push('}');
        i++;
        state = 'firstKey';
        continue;
      }
      if (c === '[') {
        stack.push(']');
        i++;
        state = 'firstValue';
        continue;
      }
      if (c === '"') {
        const e = string();
        if (e) return e;
        state = 'after';
        continue;
      }
      NUMBER.lastIndex = i;
      LITERAL.lastIndex = i;
      const m = NUMBER.exec(text) ?? LITERAL.exec(text);
      if (m && !/[A-Za-z0-9_.]/.test(text[i + m[0].length] ?? '')) {
        i += m[0].length;
        state = 'after';
        continue;
      }
      const trailingComma = (c === ']' || c === '}') && /,\s*$/.test(text.slice(Math.max(0, i - 200), i));
      if (trailingComma) return fail(`a comma before ${shown(c)}: JSON does not allow a trailing comma`);
      return fail(`${shown(c)} where a value was expected`);
    }
    if (state === 'key' || state === 'firstKey') {
      if (c !== '"') {
        if (c === '}' && state === 'key') return fail('a comma before `}`: JSON does not allow a trailing comma');
        return fail(`${shown(c)} where a member name in double quotes was expected`);
      }
      const e = string();
      if (e) return e;
      skipBlanks();
      if (text[i] !== ':') return fail(`${shown(text[i])} where \`:\` was expected after the member name`);
      i++;
      state = 'value';
      continue;
    }
    // state === 'after'
    if (stack.length === 0) {
      if (i >= n) return undefined;
      return fail(`${shown(c)} after the end of the JSON value`);
    }
    const close = stack[stack.length - 1]!;
    if (c === ',') {
      i++;
      state = close === '}' ? 'key' : 'value';
      continue;
    }
    if (c === close) {
      stack.pop();
      i++;
      continue;
    }
    return fail(`${shown(c)} where \`,\` or \`${close}\` was expected`);
  }
}
