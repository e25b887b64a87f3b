#!/usr/bin/env -S node --import tsx
// Runs the TypeScript sources directly (no build), for development: the built package points
// oclif at dist/bundle/, so development mode is given the unbundled command paths, which oclif
// maps to src/ through tsconfig.
import {readFileSync} from 'node:fs';
import {execute} from '@oclif/core';

const root = new URL('..', import.meta.url).pathname;
const pjson = JSON.parse(readFileSync(`${root}package.json`, 'utf8'));
pjson.oclif = {...pjson.oclif, commands: './dist/commands', hooks: {command_not_found: './dist/hooks/not-found'}};
await execute({development: true, dir: import.meta.url, loadOptions: {root, pjson}});
