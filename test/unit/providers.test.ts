import { strict as assert } from 'node:assert';
import { KEY_FORMATS, platformForKey, providerForHost } from '../../src/core/providers';

describe('core providers: foreign API hosts', () => {
  const hosts: Array<[string, string]> = [
    ['api.openai.com', 'OpenAI'],
    ['openrouter.ai', 'OpenRouter'],
    ['api.anthropic.com', 'Anthropic'],
    ['generativelanguage.googleapis.com', 'Google Gemini'],
    ['api.groq.com', 'Groq'],
    ['api.deepseek.com', 'DeepSeek'],
    ['api.x.ai', 'xAI'],
    ['api.mistral.ai', 'Mistral'],
    ['api.together.xyz', 'Together AI'],
    ['api.together.ai', 'Together AI'],
    ['api.fireworks.ai', 'Fireworks AI'],
    ['api.perplexity.ai', 'Perplexity'],
    ['my-resource.openai.azure.com', 'Azure OpenAI'],
    ['api.cohere.com', 'Cohere'],
    ['integrate.api.nvidia.com', 'NVIDIA'],
    ['bedrock-runtime.us-east-1.amazonaws.com', 'Amazon Bedrock'],
  ];
  for (const [host, name] of hosts) {
    it(`names ${host} as ${name}`, () => {
      assert.equal(providerForHost(host), name);
    });
  }

  it('matches subdomains by whole labels, case-insensitively, with a trailing dot', () => {
    assert.equal(providerForHost('eu.api.openai.com'), 'OpenAI');
    assert.equal(providerForHost('API.OpenAI.COM.'), 'OpenAI');
    assert.equal(providerForHost('[api.groq.com]'), undefined); // brackets are only for IPv6
  });

  it('does not match substrings or look-alike suffixes', () => {
    assert.equal(providerForHost('notopenrouter.ai'), undefined);
    assert.equal(providerForHost('api.openai.com.evil.example'), undefined);
    assert.equal(providerForHost('myapi.openai.com.example'), undefined);
    assert.equal(providerForHost('xopenai.azure.com'), undefined);
    assert.equal(providerForHost('openai.azure.com'), undefined); // Azure needs a resource subdomain
    assert.equal(providerForHost('s3.amazonaws.com'), undefined);
  });

  it('does not name RutaAPI, private or empty hosts', () => {
    for (const h of ['api.rutaapi.com', 'rutaapi.com', 'localhost', '127.0.0.1', '', '   ']) {
      assert.equal(providerForHost(h), undefined, h);
    }
    assert.equal(providerForHost(undefined), undefined);
    assert.equal(providerForHost(null), undefined);
  });
});

describe('core providers: foreign key formats', () => {
  const keys: Array<[string, string]> = [
    ['sk-proj-AbCdEf0123456789xyz', 'OpenAI'],
    ['sk-svcacct-AbCdEf0123456789xyz', 'OpenAI'],
    ['sk-admin-AbCdEf0123456789xyz', 'OpenAI'],
    ['sk-ant-api03-AbCdEf0123456789', 'Anthropic'],
    ['sk-or-v1-0123456789abcdef0123', 'OpenRouter'],
    ['AIzaSyA-0123456789abcdefghijklmnop', 'Google Gemini'],
    ['gsk_0123456789abcdefghijklmn', 'Groq'],
    ['xai-0123456789abcdefghijklmn', 'xAI'],
    ['pplx-0123456789abcdefghijklmn', 'Perplexity'],
    ['hf_0123456789abcdefghijklmn', 'Hugging Face'],
    ['r8_0123456789abcdefghijklmn', 'Replicate'],
    ['nvapi-0123456789abcdefghijklmn', 'NVIDIA'],
  ];
  for (const [key, name] of keys) {
    it(`names ${key.slice(0, 8)}… as ${name}`, () => {
      assert.equal(platformForKey(key), name);
    });
  }

  it('treats plain sk- keys and RutaAPI sandbox keys as not foreign', () => {
    assert.equal(platformForKey('sk-0123456789abcdefghijklmnopqrstuv'), undefined);
    assert.equal(platformForKey('sk-ruta-sandbox-ok-1'), undefined);
    assert.equal(platformForKey('sk-ruta-sandbox-nocredits-abc'), undefined);
    // "sk-pro…" is not "sk-proj-"; "sk-an…" not "sk-ant-"
    assert.equal(platformForKey('sk-project0123456789abcdef'), undefined);
    assert.equal(platformForKey('sk-antelope0123456789abcdef'), undefined);
  });

  it('orders every specific sk- prefix before any shorter sk- prefix', () => {
    KEY_FORMATS.forEach((a, i) => {
      KEY_FORMATS.forEach((b, j) => {
        if (a !== b && b.prefix.startsWith(a.prefix)) assert.ok(j < i, `${b.prefix} must precede ${a.prefix}`);
      });
    });
  });

  it('is case-sensitive and ignores a bare prefix', () => {
    assert.equal(platformForKey('aiza0123456789abcdefghij'), undefined);
    assert.equal(platformForKey('gsk_'), undefined);
    assert.equal(platformForKey(''), undefined);
    assert.equal(platformForKey(undefined), undefined);
  });
});
