/**
 * The <Say> voices the sandbox knows and the language each speaks, after Twilio's TTS voice table
 * (https://www.twilio.com/docs/voice/twiml/say/text-speech). "Using an invalid combination of voice
 * and language may result in error and <Say> instruction failure" (<Say> docs): the sandbox fails
 * the verb with 13511 "Say: Invalid voice value" (https://www.twilio.com/docs/api/errors/13511).
 */

/** The basic voices `man` and `woman` speak only these (the <Say> docs' man/woman languages). */
const BASIC_LANGUAGES = new Set(['en-US', 'en-GB', 'es-ES', 'fr-FR', 'de-DE']);

/** Amazon Polly voices by name → language (the part of the table the project meets; -Neural/-Generative variants share it). */
const POLLY: Record<string, string> = {
  Zhiyu: 'cmn-CN',
  Joanna: 'en-US',
  Matthew: 'en-US',
  Salli: 'en-US',
  Kendra: 'en-US',
  Kimberly: 'en-US',
  Ivy: 'en-US',
  Justin: 'en-US',
  Joey: 'en-US',
  Kevin: 'en-US',
  Ruth: 'en-US',
  Stephen: 'en-US',
  Danielle: 'en-US',
  Gregory: 'en-US',
  Amy: 'en-GB',
  Emma: 'en-GB',
  Brian: 'en-GB',
  Arthur: 'en-GB',
};

/** The language `voice` speaks, or undefined for a voice Twilio does not offer. */
export function voiceLanguage(voice: string): string | undefined {
  if (voice === 'man' || voice === 'woman') return undefined;
  const polly = /^Polly\.([A-Z][a-z]+)(-Neural|-Generative)?$/.exec(voice);
  if (polly) return POLLY[polly[1]];
  const google = /^Google\.([a-z]{2,3}-[A-Z]{2})-(Standard|Wavenet|Neural2|Chirp3-HD|Chirp-HD)-[A-Za-z]+$/.exec(voice);
  return google?.[1];
}

/** Why Twilio would fail <Say voice language>, or undefined when the pair is offered. */
export function invalidVoice(voice: string, language: string | undefined): string | undefined {
  if (voice === 'man' || voice === 'woman') {
    const lang = language ?? 'en-US';
    return BASIC_LANGUAGES.has(lang)
      ? undefined
      : `voice "${voice}" does not speak ${lang} (man/woman: ${[...BASIC_LANGUAGES].join(', ')}); use a Polly or Google voice`;
  }
  const speaks = voiceLanguage(voice);
  if (!speaks) return `voice "${voice}" is not a Twilio voice`;
  if (language && language !== speaks) return `voice "${voice}" speaks ${speaks}, not ${language}`;
  return undefined;
}

/** <Dial ringTone> values (country ringback tones): https://www.twilio.com/docs/voice/twiml/dial#ringtone; else 13220. */
export const RING_TONES: ReadonlySet<string> = new Set(
  'at au bg br be ch cl cn cz de dk ee es fi fr gr hu il in it lt jp mx my nl no nz ph pl pt ru se sg th uk us us-old tw ve za'.split(' '),
);
