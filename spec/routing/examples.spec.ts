// The example routing files in rules/ are real uses: each one validates, carries the editor modeline, and
// the seed rules are the same ones editors offer as completions.
import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { parse } from 'yaml';
import { loadRoutingFiles } from '../../plugin/routing/load.js';
import { SEED_AUTO_RULE, SEED_ESCALATION_RULE } from '../../plugin/routing/schema.js';

import { exampleFiles, examplePath } from '../support/examples.js';

const routingFiles = exampleFiles('.routing.yaml')
  .map((p) => basename(p))
  .sort();

/** A loaded rule without what loading adds: what the file says. */
function written(rule: object) {
  const { label: _l, source: _s, entrySources: _e, ...rest } = rule as Record<string, unknown>;
  return rest;
}

describe('routing: example files in rules/', () => {
  it('include the seed rules, default-like, production-guarded, group-restricted and P0-style files', () => {
    for (const name of [
      'seed-auto',
      'seed-escalation',
      'default-like',
      'production-guarded',
      'group-restricted',
      'p0-style',
    ]) {
      expect(routingFiles).to.include(`${name}.routing.yaml`);
    }
  });

  for (const name of routingFiles) {
    it(`${name} validates and starts with the yaml-language-server modeline`, async () => {
      const path = examplePath(name);
      const text = readFileSync(path, 'utf8');
      expect(text.split('\n')[0]).to.equal('# yaml-language-server: $schema=../../schemas/routing.schema.json');
      const result = await loadRoutingFiles([path]);
      expect(result.problems.filter((p) => p.severity === 'error')).to.deep.equal([]);
      expect(result.rules.length).to.be.greaterThan(0);
      // What was loaded is what is written, nothing dropped or renamed.
      const doc = parse(text) as unknown;
      const list = Array.isArray(doc) ? doc : (doc as { rules: unknown[] }).rules;
      expect(result.rules.map(written)).to.deep.equal(list);
    });
  }

  it('only the P0-style file warns, and only about its PagerDuty entry (not installed)', async () => {
    for (const name of routingFiles) {
      const result = await loadRoutingFiles([examplePath(name)]);
      const warnings = result.problems.map((p) => `${p.line}: ${p.message}`);
      if (name === 'p0-style.routing.yaml') {
        expect(warnings).to.have.length(1);
        expect(warnings[0]).to.match(/^\d+: integration `pagerduty` is not installed/);
      } else {
        expect(warnings, name).to.deep.equal([]);
      }
    }
  });

  it('the P0-style file (no names, flat approval lists, every camelCase option) validates unchanged', async () => {
    const result = await loadRoutingFiles([examplePath('p0-style.routing.yaml')]);
    expect(result.rules.map((r) => r.label)).to.deep.equal(['#1', '#2', '#3']);
    expect(result.rules[0]!.approval[0]!.options).to.deep.equal({
      allowOneParty: false,
      requireReason: true,
      requireDuration: false,
      requirePreapproval: false,
      breakGlassApprover: false,
    });
  });

  it('the seed files hold exactly the rules editors offer as examples', async () => {
    const auto = await loadRoutingFiles([examplePath('seed-auto.routing.yaml')]);
    const escalation = await loadRoutingFiles([examplePath('seed-escalation.routing.yaml')]);
    expect(auto.rules.map(written)).to.deep.equal([SEED_AUTO_RULE]);
    expect(escalation.rules.map(written)).to.deep.equal([SEED_ESCALATION_RULE]);
  });

  it('the production-guarded file places each approval entry on its written line', async () => {
    const path = examplePath('production-guarded.routing.yaml');
    const lines = readFileSync(path, 'utf8').split('\n');
    const result = await loadRoutingFiles([path]);
    for (const rule of result.rules) {
      expect(lines[rule.source.line - 1]!.slice(rule.source.column - 1)).to.match(/^name: /);
      rule.entrySources.forEach((s, i) => {
        expect(lines[s.line - 1]!.slice(s.column - 1)).to.equal(`type: ${rule.approval[i]!.type}`);
      });
    }
  });
});
