import type { accountListingSchema } from './entity-schemas.js'
import type { Wire } from './wire-type.js'

/** An official account as admins see it: its source, state and which secrets it has, never them. */
export type AccountListing = Wire<typeof accountListingSchema>
