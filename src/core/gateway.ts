// Entry of the lazily loaded gateway bundle (dist/gateway.js): everything that needs the openai SDK.
export {};
