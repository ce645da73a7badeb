#!/usr/bin/env node
// The `kefu-relay` command of an install: runs relay/main.ts through tsx's loader (a dependency).
import { register } from 'tsx/esm/api'

register()
await import('../main.ts')
