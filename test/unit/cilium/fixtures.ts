// Fixture loading shared by the cilium printer tests (responses written from the reference).
import {readFileSync} from 'node:fs';
import type {HealthStatusResponse, ModuleHealth, StatusResponse} from '../../../src/cilium/types.js';

export const FIXTURES = new URL('../../fixtures/cilium/', import.meta.url);

export function text(name: string): string {
  return readFileSync(new URL(name, FIXTURES), 'utf8');
}

export function status(name: string): StatusResponse {
  return JSON.parse(text(name)) as StatusResponse;
}

export function health(name: string): HealthStatusResponse {
  return JSON.parse(text(name)) as HealthStatusResponse;
}

export function modules(name: string): ModuleHealth[] {
  return text(name)
    .split('\n')
    .filter(Boolean)
    .map((l) => (JSON.parse(l) as {obj: ModuleHealth}).obj);
}
