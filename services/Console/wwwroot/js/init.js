// Starts GOV.UK Frontend's components (error summary focus, service navigation toggle, details...).
// Every page works without it.
import { initAll } from '/lib/govuk-frontend/govuk-frontend.min.js'
initAll()
