/** The pages' entry: mounts the React application (app.tsx) into #root. */
import { createRoot } from 'react-dom/client';
import { App } from './app';
import './app.css';

createRoot(document.getElementById('root')!).render(<App />);
