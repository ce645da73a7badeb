import { expect, test } from '@playwright/test'
import {
  buildWindowOptions,
  CONTENT_SECURITY_POLICY,
  isAppUrl,
  isExternalLink,
} from '../../../../main/electron/window-options.js'

test('the window is isolated, sandboxed and without Node', () => {
  const options = buildWindowOptions({ preloadPath: '/app/out/preload/index.cjs', bounds: null })
  expect(options.webPreferences).toMatchObject({
    preload: '/app/out/preload/index.cjs',
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
  })
  expect(options).toMatchObject({ width: 1280, height: 820, show: false })
})

test('the remembered size and place are used', () => {
  expect(
    buildWindowOptions({ preloadPath: 'p', bounds: { x: 10, y: 20, width: 1000, height: 700 } }),
  ).toMatchObject({
    x: 10,
    y: 20,
    width: 1000,
    height: 700,
  })
  expect(buildWindowOptions({ preloadPath: 'p', bounds: { width: 1000, height: 700 } })).not.toHaveProperty(
    'x',
  )
})

test('the CSP allows only the app itself to run scripts', () => {
  expect(CONTENT_SECURITY_POLICY).toContain("script-src 'self'")
  expect(CONTENT_SECURITY_POLICY).toContain("object-src 'none'")
  expect(CONTENT_SECURITY_POLICY).not.toContain('unsafe-eval')
  // Follower images: WeChat's CDN names them over plain http (mmbiz.qpic.cn).
  expect(CONTENT_SECURITY_POLICY).toContain("img-src 'self' data: blob: http: https:")
})

test('only the app navigates; only web links leave for the browser', () => {
  expect(isAppUrl('kefu://app/index.html', null)).toBe(true)
  expect(isAppUrl('kefu://evil/index.html', null)).toBe(false)
  expect(isAppUrl('https://example.com/', null)).toBe(false)
  expect(isAppUrl('http://localhost:5173/x', 'http://localhost:5173')).toBe(true)
  expect(isAppUrl('http://localhost:5174/x', 'http://localhost:5173')).toBe(false)
  expect(isExternalLink('https://mp.weixin.qq.com/')).toBe(true)
  expect(isExternalLink('file:///etc/passwd')).toBe(false)
  expect(isExternalLink('javascript:alert(1)')).toBe(false)
  expect(isExternalLink('kefu://app/')).toBe(false)
})
