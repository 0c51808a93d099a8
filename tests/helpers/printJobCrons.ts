// Prints the job crons payload.config.ts registers under the current environment (for jobCrons.test.ts).
import config from '../../payload.config'

console.log(JSON.stringify((await config).jobs?.autoRun ?? []))
