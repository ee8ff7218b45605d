import { render, screen } from '@testing-library/react';
import App from './App';

beforeEach(() => {
  process.env.VIBEPEAK_SANDBOX_KEY = '{{VPK_TEST:cra-jest}}';
  global.fetch = jest.fn(() => Promise.resolve({ json: () => Promise.resolve({ data: [] }) }));
});

test('renders an empty list', () => {
  render(<App />);
  expect(screen.getByRole('list')).toBeInTheDocument();
});
