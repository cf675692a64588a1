import type { LoupeApi } from './api';

declare global {
  interface Window {
    /** The preload's API; absent when the UI runs in a browser (headless mode). */
    loupe?: LoupeApi;
  }
}
