#!/usr/bin/env node
'use strict';
require('../dist/src/main.js')
  .main(process.argv)
  .then((code) => process.exit(code));
