// index.html carries a static skeleton of the first screen (issue 13). Its
// texts are copies; this holds them to the sources the app renders from.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { STEP_META } from '../src/state/step-meta.ts';

const html = readFileSync(new URL('../index.html', import.meta.url), 'utf8').replace(/&amp;/g, '&');
const topologyStep = readFileSync(new URL('../src/steps/topology-step.tsx', import.meta.url), 'utf8');

describe('the skeleton in index.html', () => {
  it('lists every step by its title, in order, and the first step with its intro', () => {
    const titles = [...html.matchAll(/<span class="stepper-title">([^<]+)<\/span>/g)].map((m) => m[1]);
    expect(titles).toEqual(STEP_META.map((s) => s.title));
    expect(html).toContain(`<h2>${STEP_META[0]!.title}</h2>`);
    expect(html).toContain(`<p class="step-intro">${STEP_META[0]!.intro}</p>`);
  });

  it('asks the first question with the choices the step offers', () => {
    const question = /<legend>([^<]+)<\/legend>/.exec(topologyStep)?.[1];
    expect(question).toBeDefined();
    expect(html).toContain(`<p class="skeleton-question">${question}</p>`);
    for (const label of [...topologyStep.matchAll(/label: '([^']+)'/g)].map((m) => m[1])) {
      expect(html).toContain(`<p class="skeleton-choice">${label}</p>`);
    }
  });
});
