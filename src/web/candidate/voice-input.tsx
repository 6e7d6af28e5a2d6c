/**
 * Spoken answers. With server transcription (`capabilities.transcription`), the audio is recorded
 * with MediaRecorder and sent to `POST /session/transcribe`; otherwise the browser's own speech
 * recognition is used where it exists. Either way the text lands in the answer box for the
 * candidate to check and edit before sending. Without either, nothing is rendered.
 */
import { useEffect, useRef, useState } from 'react';
import { ApiError } from '../shared/api-client.js';
import { useInterview } from './interview-context.js';
import type { TranscriptionReply } from './types.js';

interface RecognitionResultList {
  readonly length: number;
  readonly [index: number]: { readonly isFinal: boolean; readonly [index: number]: { readonly transcript: string } };
}
interface Recognition {
  lang: string;
  continuous: boolean;
  interimResults: boolean;
  onresult: ((event: { readonly resultIndex: number; readonly results: RecognitionResultList }) => void) | null;
  onerror: ((event: { readonly error: string }) => void) | null;
  onend: (() => void) | null;
  start(): void;
  stop(): void;
}
type RecognitionConstructor = new () => Recognition;

function recognitionConstructor(): RecognitionConstructor | undefined {
  const w = window as unknown as { SpeechRecognition?: RecognitionConstructor; webkitSpeechRecognition?: RecognitionConstructor };
  return w.SpeechRecognition ?? w.webkitSpeechRecognition;
}

function canRecord(): boolean {
  return typeof MediaRecorder !== 'undefined' && typeof navigator.mediaDevices?.getUserMedia === 'function';
}

type Mode = 'server' | 'browser';

/** Which way of turning speech into text this browser and server support, if any. */
export function voiceMode(transcription: boolean): Mode | undefined {
  if (transcription && canRecord()) return 'server';
  if (recognitionConstructor()) return 'browser';
  return undefined;
}

export function VoiceInput({ transcription, onText, disabled }: { readonly transcription: boolean; readonly onText: (text: string) => void; readonly disabled: boolean }) {
  const { api } = useInterview();
  const [mode, setMode] = useState<Mode | undefined>(() => voiceMode(transcription));
  const [status, setStatus] = useState<'idle' | 'recording' | 'transcribing'>('idle');
  const [message, setMessage] = useState('');
  const recorder = useRef<MediaRecorder | undefined>(undefined);
  const recognition = useRef<Recognition | undefined>(undefined);
  const onTextRef = useRef(onText);
  onTextRef.current = onText;

  useEffect(
    () => () => {
      recorder.current?.stream.getTracks().forEach((t) => t.stop());
      recognition.current?.stop();
    },
    [],
  );

  if (!mode) return null;

  async function transcribe(blob: Blob) {
    setStatus('transcribing');
    setMessage('Turning your recording into text…');
    try {
      const reply = await api.request<TranscriptionReply>('/session/transcribe', { body: blob, contentType: blob.type || 'audio/webm' });
      onTextRef.current(reply.text);
      setMessage(reply.text ? 'Done. Check the text in the answer box, edit it if needed, then send.' : 'No speech was recognised. Try again or type your answer.');
    } catch (error) {
      if (error instanceof ApiError && error.code === 'unavailable' && recognitionConstructor()) {
        setMode('browser');
        setMessage('Server transcription is not available; press Record again to use your browser’s speech recognition.');
      } else {
        setMessage(error instanceof ApiError ? `Transcription failed: ${error.message}` : 'Transcription failed. Please type your answer.');
      }
    } finally {
      setStatus('idle');
    }
  }

  async function startServer() {
    try {
      const stream = await navigator.mediaDevices.getUserMedia({ audio: true });
      const chunks: Blob[] = [];
      const rec = new MediaRecorder(stream);
      rec.addEventListener('dataavailable', (e) => chunks.push(e.data));
      rec.addEventListener('stop', () => {
        stream.getTracks().forEach((t) => t.stop());
        void transcribe(new Blob(chunks, { type: rec.mimeType || 'audio/webm' }));
      });
      rec.start();
      recorder.current = rec;
      setStatus('recording');
      setMessage('Recording. Press Stop when you have finished speaking.');
    } catch {
      setMessage('The microphone is not available. You can type your answer instead.');
    }
  }

  function startBrowser() {
    const Constructor = recognitionConstructor();
    if (!Constructor) return;
    const rec = new Constructor();
    rec.lang = document.documentElement.lang || navigator.language || 'en-US';
    rec.continuous = true;
    rec.interimResults = false;
    rec.onresult = (event) => {
      for (let i = event.resultIndex; i < event.results.length; i++) {
        const result = event.results[i];
        if (result?.isFinal) onTextRef.current(result[0]?.transcript.trim() ?? '');
      }
    };
    rec.onerror = (event) => setMessage(event.error === 'not-allowed' ? 'The microphone is blocked. You can type your answer instead.' : 'Speech recognition stopped. You can type your answer instead.');
    rec.onend = () => setStatus('idle');
    try {
      rec.start();
      recognition.current = rec;
      setStatus('recording');
      setMessage('Listening. Your words appear in the answer box; press Stop when done.');
    } catch {
      setMessage('Speech recognition could not start. You can type your answer instead.');
    }
  }

  function stop() {
    if (recorder.current && recorder.current.state !== 'inactive') recorder.current.stop();
    recorder.current = undefined;
    recognition.current?.stop();
    recognition.current = undefined;
    if (mode === 'browser') {
      setStatus('idle');
      setMessage('Stopped. Check the text, edit it if needed, then send.');
    }
  }

  const recording = status === 'recording';
  return (
    <div className="voice-input">
      <button
        type="button"
        className={`button secondary small ${recording ? 'recording' : ''}`}
        aria-pressed={recording}
        disabled={disabled || status === 'transcribing'}
        onClick={() => (recording ? stop() : mode === 'server' ? void startServer() : startBrowser())}
      >
        {recording ? 'Stop recording' : 'Record a spoken answer'}
      </button>
      <span className="voice-status" role="status">
        {message}
      </span>
    </div>
  );
}
