import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app';
import { warmUpLayout } from './graph/layout';
import './styles.css';

warmUpLayout();
const root = document.getElementById('root');
if (root)
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
