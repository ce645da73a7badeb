import { createCipheriv } from 'node:crypto'

/** Official WeChat test vectors quoted in the protocol reference (§1.2, §1.5, §1.6, §6). */

/** Vector 1: the official MP Python sample (compatible-mode body, `\n` in plaintext, MsgId > 2^53, pad 2). */
export const SAMPLE = {
  token: 'spamtest',
  encodingAesKey: 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG',
  appId: 'wx2c2769f8efd9abc2',
  timestamp: '1409735669',
  nonce: '1320562132',
  msgSignature: '5d197aaffba7e9b25a30732f161a50dee96bd5fa',
  encrypt:
    'hyzAe4OzmOMbd6TvGdIOO6uBmdJoD0Fk53REIHvxYtJlE2B655HuD0m8KUePWB3+LrPXo87wzQ1QLvbeUgmBM4x6F8PGHQHFVAFmOD2LdJF9FrXpbUAh0B5GIItb52sn896wVsMSHGuPE328HnRGBcrS7C41IzDWyWNlZkyyXwon8T332jisa+h6tEDYsVticbSnyU8dKOIbgU6ux5VTjg3yt+WGzjlpKn6NPhRjpA912xMezR4kw6KWwMrCVKSVCZciVGCgavjIQ6X8tCOp3yZbGpy0VxpAe+77TszTfRd5RJSVO/HTnifJpXgCSUdUue1v6h0EIBYYI1BD1DlD+C0CR8e6OewpusjZ4uBl9FyJvnhvQl+q5rv1ixrcpCumEPo5MJSgM9ehVsNPfUM669WuMyVWQLCzpu9GhglF2PE=',
  plaintextXml:
    '<xml><ToUserName><![CDATA[gh_10f6c3c3ac5a]]></ToUserName>\n<FromUserName><![CDATA[oyORnuP8q7ou2gfYjqLzSIWZf0rs]]></FromUserName>\n<CreateTime>1409735668</CreateTime>\n<MsgType><![CDATA[text]]></MsgType>\n<Content><![CDATA[abcdteT]]></Content>\n<MsgId>6054768590064713728</MsgId>\n</xml>',
} as const

/** Vector 1's POST body as the sample sends it: plaintext fields and Encrypt side by side. */
export const SAMPLE_COMPATIBLE_BODY = `<xml><ToUserName><![CDATA[gh_10f6c3c3ac5a]]></ToUserName><FromUserName><![CDATA[oyORnuP8q7ou2gfYjqLzSIWZf0rs]]></FromUserName><CreateTime>1409735668</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[abcdteT]]></Content><MsgId>6054768590064713728</MsgId><Encrypt><![CDATA[${SAMPLE.encrypt}]]></Encrypt></xml>`

/** §1.2: the official GET URL verification example. */
export const URL_VERIFY = {
  token: 'AAAAA',
  signature: 'f464b24fc39322e44b38aa78f5edd27bd1441696',
  echostr: '4375120948345356249',
  timestamp: '1714036504',
  nonce: '1514711492',
} as const

/** 43 × `A`: the all-zero key (and IV) of the open-platform and mini-program doc examples. */
export const ZERO_KEY = 'A'.repeat(43)

/** Vectors 7–8: open-platform message_push doc, safe mode XML, and its deterministic encrypted reply. */
export const OPEN_PLATFORM = {
  token: 'AAAAA',
  appId: 'wx134c8103faa5a59e',
  signature: 'cc0c594499c1634947d5b502f158ee518947db27',
  timestamp: '1715943329',
  nonce: '1590219412',
  openId: 'o9AgO5Kd5ggOC-bXrbNODIiE3bGY',
  msgSignature: '6c12a4205838198b8fa631b3220723bb07f1015c',
  encrypt:
    'D7yzvUNAL930rd28wf21s4hvXhz0L6Uit/p2Di6C5DHyYGpEgdBRnKjBec34JwoQXicwaZC7fOVihW80F4VtsdvE//1vr7oAbqjDv8KenVp+ajKYpJnyQ4zMRhIC+a31fCVOMC03FfzV/QuC94kBP55a+Za3sJgvAn+ZbsNqZI5DkyuzkhQN8OBqCzFhizGmy0xpM0MEA4agpvE+RuNO1rhHTtuJB5yltw1FiYzecSXJ+y/D2r81VkRn2eYjh2ltsoyfbDR7Is6ookXIFxTfyeNyeHxMeT4KN5WpCDmSbTcUYrbBUlkGLJ9n/rU8YOywma6G7aTb7KZKOqCxgfoUlYEZPk4FUL/TK7ShriFDMVCLyjQJ15Ob++agDWtcxhfUfe6HIoIpRW8mKNBQiY/Jd1svvuskA1wLef1RTtzKfMpagSCX/laZINmdnX4zrF6kIaR9P4xQrWXbsTFHTYe0Mg==',
  plaintextXml:
    '<xml><ToUserName><![CDATA[gh_97417a04a28d]]></ToUserName>\n<FromUserName><![CDATA[o9AgO5Kd5ggOC-bXrbNODIiE3bGY]]></FromUserName>\n<CreateTime>1715943329</CreateTime>\n<MsgType><![CDATA[event]]></MsgType>\n<Event><![CDATA[debug_demo]]></Event>\n<debug_str><![CDATA[hello world]]></debug_str>\n</xml>',
  reply: {
    plaintext: '<xml><demo_resp>[CDATA[good luck]]</demo_resp></xml>',
    random16: '999951349e8ee746',
    timestamp: 1713424427,
    nonce: '415670741',
    encrypt:
      'hE8R6mGXHkJJjU72KxzKUd1GEkKJaEZq7vRL8XgK3o+00k8JGq6+pZJUIlTSyhsX+bxIBQ72g3GyvDdIZcr6+3HAZbSvPT9t/o11MI7d6WELwqrGd7jMnV0zv3Zc9Nq7',
    msgSignature: '03e0812039325c2712ef5f0f980fd14c70d6e307',
  },
} as const

/** The open-platform push body, with the doc's indentation. */
export const OPEN_PLATFORM_BODY = `<xml>\n    <ToUserName><![CDATA[gh_97417a04a28d]]></ToUserName>\n    <Encrypt><![CDATA[${OPEN_PLATFORM.encrypt}]]></Encrypt>\n</xml>`

/** The official full encrypted reply XML (§1.6), byte for byte. */
export const OPEN_PLATFORM_REPLY_XML = `<xml>\n<Encrypt><![CDATA[${OPEN_PLATFORM.reply.encrypt}]]></Encrypt>\n<MsgSignature><![CDATA[${OPEN_PLATFORM.reply.msgSignature}]]></MsgSignature>\n<TimeStamp>1713424427</TimeStamp>\n<Nonce><![CDATA[415670741]]></Nonce>\n</xml>`

/** Vectors 9–10: mini-program message-push doc, JSON format, Encrypt starting with `+`, reply with pad 1. */
export const MINI_PROGRAM = {
  token: 'AAAAA',
  appId: 'wxba5fad812f8e6fb9',
  signature: '6c5c811b55cc85e0e1b54100749188c20beb3f5d',
  timestamp: '1714112445',
  nonce: '415670741',
  openId: 'o9AgO5Kd5ggOC-bXrbNODIiE3bGY',
  msgSignature: '046e02f8204d34f8ba5fa3b1db94908f3df2e9b3',
  encrypt:
    '+qdx1OKCy+5JPCBFWw70tm0fJGb2Jmeia4FCB7kao+/Q5c/ohsOzQHi8khUOb05JCpj0JB4RvQMkUyus8TPxLKJGQqcvZqzDpVzazhZv6JsXUnnR8XGT740XgXZUXQ7vJVnAG+tE8NUd4yFyjPy7GgiaviNrlCTj+l5kdfMuFUPpRSrfMZuMcp3Fn2Pede2IuQrKEYwKSqFIZoNqJ4M8EajAsjLY2km32IIjdf8YL/P50F7mStwntrA2cPDrM1kb6mOcfBgRtWygb3VIYnSeOBrebufAlr7F9mFUPAJGj04=',
  plaintextJson:
    '{"ToUserName":"gh_97417a04a28d","FromUserName":"o9AgO5Kd5ggOC-bXrbNODIiE3bGY","CreateTime":1714112445,"MsgType":"event","Event":"debug_demo","debug_str":"hello world"}',
  reply: {
    plaintext: '{"demo_resp":"good luck"}',
    random16: '707722b803182950',
    timestamp: 1713424427,
    nonce: '415670741',
    encrypt: 'ELGduP2YcVatjqIS+eZbp80MNLoAUWvzzyJxgGzxZO/5sAvd070Bs6qrLARC9nVHm48Y4hyRbtzve1L32tmxSQ==',
    msgSignature: '1b9339964ed2e271e7c7b6ff2b0ef902fc94dea1',
  },
} as const

/** The mini-program JSON push body, as in the doc. */
export const MINI_PROGRAM_BODY = `{\n    "ToUserName": "gh_97417a04a28d",\n    "Encrypt": "${MINI_PROGRAM.encrypt}"\n}`

/** The mini-program doc's plaintext-mode JSON push (3-field signature). */
export const MINI_PROGRAM_PLAINTEXT = {
  token: 'AAAAA',
  signature: '899cf89e464efb63f54ddac96b0a0a235f53aa78',
  timestamp: '1714037059',
  nonce: '486452656',
  body: '{\n    "ToUserName": "gh_97417a04a28d",\n    "FromUserName": "o9AgO5Kd5ggOC-bXrbNODIiE3bGY",\n    "CreateTime": 1714037059,\n    "MsgType": "event",\n    "Event": "debug_demo",\n    "debug_str": "hello world"\n}',
} as const

/**
 * AES-256-CBC over bytes we lay out ourselves (IV = key[0:16], no padding added): the way to build
 * ciphertexts a correct encoder never produces (bad pad bytes, lying msg_len).
 */
export function encryptRawBlocks(plaintext: Buffer, aesKey: Buffer): string {
  const cipher = createCipheriv('aes-256-cbc', aesKey, aesKey.subarray(0, 16))
  cipher.setAutoPadding(false)
  return Buffer.concat([cipher.update(plaintext), cipher.final()]).toString('base64')
}

/** random(16) + msg_len(4, BE) + msg + receiveId, not yet padded. */
export function frameOf(message: string, receiveId: string, declaredLength?: number): Buffer {
  const body = Buffer.from(message, 'utf8')
  const length = Buffer.alloc(4)
  length.writeUInt32BE(declaredLength ?? body.length)
  return Buffer.concat([Buffer.alloc(16, 7), length, body, Buffer.from(receiveId, 'utf8')])
}
