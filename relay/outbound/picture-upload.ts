import { DEFAULT_ACCOUNT_KEY } from '../../common/domain/account.js'
import { NO_SENDER_FAILURE } from '../conversations/conversation-service.js'
import { sendFailureError } from '../conversations/send-failure-error.js'
import { checkImage, fileNameOf } from './image-check.js'
import type { WeChatSender } from './wechat-sender.js'

/**
 * Uploads an agent's picture to WeChat for a later `image` message: checked against its first bytes and
 * the relay's limit, named by the one file-name rule. Null sender: WeChat is not configured.
 */
export async function uploadPicture(
  sender: WeChatSender | null,
  picture: { readonly data: Uint8Array; readonly fileName?: string; readonly accountKey?: string },
  limitBytes: number,
): Promise<{ readonly mediaId: string }> {
  const check = checkImage(picture.data, limitBytes)
  if (!check.ok) throw sendFailureError(check.failure)
  if (sender === null) throw sendFailureError(NO_SENDER_FAILURE)
  const upload = await sender.uploadImage(picture.accountKey ?? DEFAULT_ACCOUNT_KEY, {
    fileName: fileNameOf(decodedName(picture.fileName), check.mimeType),
    mimeType: check.mimeType,
    data: picture.data,
  })
  if (!upload.ok) throw sendFailureError(upload.failure)
  return { mediaId: upload.mediaId }
}

// The desktop percent-encodes the name (a header carries no Chinese); a broken encoding names nothing.
function decodedName(name: string | undefined): string {
  if (name === undefined) return ''
  try {
    return decodeURIComponent(name)
  } catch {
    return ''
  }
}
