import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import '../shared/styles.css';

const FEATURES = [
  { title: 'Runs real formulas', text: 'Candidates type formulas into a live sheet. Each answer is run on the visible data and on hidden variations, so a typed-in number or a range that breaks when data grows is caught.' },
  { title: 'Adapts to each candidate', text: 'Questions get easier or harder with item response theory, so a short interview still measures skill precisely, from basics to dynamic arrays.' },
  { title: 'Grades explanations with evidence', text: 'Written and spoken answers are compared with what an expert would cover; uncertain grades go to a person for review.' },
  { title: 'Accessible by design', text: 'Keyboard and screen-reader friendly, mobile friendly, with pauses and accommodations such as extra time.' },
] as const;

function Home() {
  return (
    <main>
      <header className="hero">
        <h1>excel-interviewer</h1>
        <p className="lead">An interviewer that measures Microsoft Excel skill the way a careful expert would, in a friendly chat.</p>
      </header>
      <div className="actions">
        <section className="card" aria-labelledby="demo-title">
          <h2 id="demo-title">Try it as a candidate</h2>
          <p>Take a short demo interview, with a few questions of each kind. No sign-in needed.</p>
          <a className="button" href="/demo">
            Start the demo interview
          </a>
        </section>
        <section className="card" aria-labelledby="recruiter-title">
          <h2 id="recruiter-title">Recruiters</h2>
          <p>Build interview profiles, invite candidates and read reports you can defend.</p>
          <a className="button secondary" href="/recruiter">
            Recruiter sign-in
          </a>
        </section>
      </div>
      <section aria-labelledby="how-title">
        <h2 id="how-title">How it works</h2>
        <ul className="features">
          {FEATURES.map((f) => (
            <li key={f.title}>
              <h3>{f.title}</h3>
              <p>{f.text}</p>
            </li>
          ))}
        </ul>
      </section>
      <footer className="site-footer">
        <p>
          Open source under the GPL. <a href="/docs">API documentation</a>
        </p>
      </footer>
    </main>
  );
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <Home />
  </StrictMode>,
);
