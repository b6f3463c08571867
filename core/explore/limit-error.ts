// A bound of the model was exceeded (messages in flight, the size of a node's state): the search
// stops and reports it (stoppedBy 'limit', exit 3), instead of crashing or running out of memory.
export class ExploreLimitError extends Error {}
