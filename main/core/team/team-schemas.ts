/**
 * What main accepts from the relay about teams, presence, viewing marks and the board: the contract's own
 * schemas (common/relay), re-exported for the core. A push that does not parse is reported, never shown.
 */
export {
  agentPresenceSchema,
  boardSchema,
  conversationViewersSchema,
  teamSchema,
} from '../../../common/relay/entity-schemas.js'
