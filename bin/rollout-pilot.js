#!/usr/bin/env node
// The `rollout-pilot` command (lint, get, promote, ...). `npm install` builds dist/ through the `prepare` script.
require('../dist/cli.js');
