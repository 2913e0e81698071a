// Vite's client types for the renderer (import.meta.glob, CSS imports).
/// <reference types="vite/client" />
